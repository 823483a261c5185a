/// @file tzero/io/hyperparameters_json.hpp
/// A chain's hyperparameters to and from the JSON a checkpoint holds: an array of modules, each
/// `{"module": name, <hyperparameter>: value, ...}`; a schedule is `{"type": name, ...}`, a held
/// chain a nested array, a list an array, an enumerator or tag its name, a non-finite double
/// "nan", "inf" or "-inf". Three visitors of the chain's walk (io/hyperparameter_walk.hpp), none a
/// template: `encode_chain`, `decode_chain` (every check, every message) and `describe_chain` (as
/// `describe` prints a chain, for those messages).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <tzero/core/error.hpp>
#include <tzero/io/error.hpp>
#include <tzero/io/hyperparameter_walk.hpp>
#include <tzero/io/json.hpp>

namespace tzero::detail::checkpoint {

/// Writes the JSON of a chain.
class encoder final : public hyperparameter_visitor {
  public:
    json::value root;

  private:
    std::vector<json::value*> open_;  // the arrays and objects being filled
    char const* key_ = nullptr;       // the member the next value is, in an object

    /// Where the next value goes.
    json::value& next() {
        if (open_.empty()) return root;
        json::value& at = *open_.back();
        return at.is_array() ? at.append() : at.member(key_);
    }
    /// Opens an object holding `key: name` (a module, a group), or an array (`key` null).
    void open(char const* key, char const* name) {
        json::value& at = next();
        open_.push_back(&at);
        if (key) at.set_object().member(key).set_string(name);
        else at.set_array();
    }
    void close() { open_.pop_back(); }

  public:
    void begin_chain(std::size_t, chain_ref) override { open(nullptr, nullptr); }
    void end_chain(chain_ref) override { close(); }
    void begin_module(std::size_t, char const* name) override { open("module", name); }
    void end_module() override { close(); }
    void field(char const* name) override { key_ = name; }
    bool number(double& x) override {
        if (std::isfinite(x)) next().set_double(x);
        else next().set_string(std::isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");  // JSON has no such numbers
        return false;
    }
    bool boolean(bool& x) override {
        next().set_bool(x);
        return false;
    }
    bool integer(integer_value& x) override {
        if (x.is_signed) next().set_int(std::int64_t(x.bits));
        else next().set_unsigned(x.bits);
        return false;
    }
    bool enumerator(std::size_t& index, char const* const* names, std::size_t count) override {
        next().set_string(index < count ? names[index] : "?");
        return false;
    }
    void tag(char const* name) override { next().set_string(name); }
    void number_or_name(number_or_name_value& x) override {
        if (x.label) next().set_string(x.label);
        else number(x.p);
    }
    void begin_group(char const* type) override { open("type", type); }
    void end_group(char const*) override { close(); }
    void begin_list(std::size_t, bool) override { open(nullptr, nullptr); }
    void element(std::size_t) override {}
    void end_list() override { close(); }
    std::size_t begin_held_chain() override { return 0; }
    void held_chain_failed(std::size_t, error const& e) override { throw e; }
    void end_held_chain() override {}
};

/// Prints a chain as `describe` does: `adam(beta1=0.9, ...) | lr(lr=0.1)`.
class describer final : public hyperparameter_visitor {
  public:
    std::string text;

  private:
    std::vector<std::size_t> fields_;  // values so far in each open module, group or list

    void next() {
        if (fields_.back()++) text += ", ";
    }

  public:
    void begin_chain(std::size_t, chain_ref) override {}
    void end_chain(chain_ref) override {}
    void begin_module(std::size_t index, char const* name) override {
        if (index) text += " | ";
        text += name;
        text += "(";
        fields_.push_back(0);
    }
    void end_module() override {
        text += ")";
        fields_.pop_back();
    }
    void field(char const* name) override {
        next();
        text += name;
        text += "=";
    }
    bool number(double& x) override {
        text += format_number(x);
        return false;
    }
    bool boolean(bool& x) override {
        text += x ? "true" : "false";
        return false;
    }
    bool integer(integer_value& x) override {
        text += x.is_signed ? std::to_string(std::int64_t(x.bits)) : std::to_string(x.bits);
        return false;
    }
    bool enumerator(std::size_t& index, char const* const* names, std::size_t count) override {
        text += index < count ? names[index] : "?";
        return false;
    }
    void tag(char const* name) override { text += name; }
    void number_or_name(number_or_name_value& x) override {
        text += x.label ? std::string(x.label) : format_number(x.p);
    }
    void begin_group(char const* type) override {
        text += type;
        text += "(";
        fields_.push_back(0);
    }
    void end_group(char const*) override { end_module(); }
    void begin_list(std::size_t, bool) override {
        text += "[";
        fields_.push_back(0);
    }
    void element(std::size_t) override { next(); }
    void end_list() override {
        text += "]";
        fields_.pop_back();
    }
    std::size_t begin_held_chain() override {
        text += "[";
        return 0;
    }
    void held_chain_failed(std::size_t, error const& e) override { throw e; }
    void end_held_chain() override { text += "]"; }
};

inline std::string describe_chain(chain_ref c) {
    describer d;
    c.walk(c.chain, d);
    return d.text;
}

[[gnu::noinline]] inline std::string encode_chain(chain_ref c) {
    encoder e;
    c.walk(c.chain, e);
    return e.root.dump();
}

/// Reads a chain's hyperparameters from its JSON, checking that it names the same modules in
/// order and that every value has its hyperparameter's type (then `validate` checks the ranges).
class decoder final : public hyperparameter_visitor {
    enum kind { chain, module, group, list };
    struct frame {
        kind what;
        json::value const* node;
        std::string where;  // the frame's own description, for messages
        std::size_t known = 0;
        chain_ref self{};  // a chain's
    };
    std::vector<frame> open_;
    json::value const* at_;  // the value the next event reads
    std::string where_;      // and its description

    /// A message naming both chains: the one in the file and the one being decoded, as it is now.
    [[noreturn]] void differs(std::string const& what) const {
        auto const c = std::find_if(open_.rbegin(), open_.rend(), [](frame const& f) { return f.what == chain; });
        fail(cat({what, " (the checkpoint's chain is ", c->node->dump(), "; this optimizer's is ",
                  describe_chain(c->self), ")"}));
    }
    [[noreturn]] void wrong(std::string_view expected) const {
        fail(cat({where_, " must be ", expected, ", got ", at_->dump()}));
    }

  public:
    explicit decoder(json::value const& j) : at_(&j) {}

    void begin_chain(std::size_t modules, chain_ref self) override {
        if (!at_->is_array()) fail("metadata \"chain\" must be a JSON array of modules");
        open_.push_back({chain, at_, where_, 0, self});
        if (at_->size() != modules) differs(cat({"it holds ", at_->size(), " modules, this chain ", modules}));
    }
    void end_chain(chain_ref self) override {
        open_.pop_back();
        try {
            self.validate(self.chain);
        } catch (error const& e) {
            fail(std::string("a hyperparameter is out of range: ") + e.what());
        }
    }
    void begin_module(std::size_t index, char const* name) override {
        json::value const& entry = open_.back().node->items[index];
        if (!entry.is_object() || !entry.contains("module") || entry["module"] != name)
            differs(cat({"module ", index, " is ",
                         entry.is_object() && entry.contains("module") ? entry["module"].dump() : entry.dump(),
                         " there and ", name, " here"}));
        open_.push_back({module, &entry, cat({"module ", index, " (", name, ")"}), 1});
    }
    void end_module() override {
        if (open_.back().node->size() != open_.back().known)
            differs(open_.back().where + " has hyperparameters this module does not know");
        open_.pop_back();
    }
    void field(char const* name) override {
        frame& f = open_.back();
        at_ = f.node->find(name);
        if (!at_ && f.what == module) differs(cat({f.where, " has no hyperparameter \"", name, "\""}));
        if (!at_) fail(cat({f.where, " has no field \"", name, "\""}));
        where_ = cat({f.where, f.what == module ? " hyperparameter \"" : " field \"", name, "\""});
        ++f.known;
    }
    bool number(double& x) override {
        if (at_->is_number()) x = at_->number();
        else if (*at_ == "nan") x = std::nan("");
        else if (*at_ == "inf" || *at_ == "-inf")
            x = (*at_ == "inf" ? 1 : -1) * std::numeric_limits<double>::infinity();
        else wrong("a number");
        return true;
    }
    bool boolean(bool& x) override {
        if (!at_->is_boolean()) wrong("true or false");
        x = at_->flag;
        return true;
    }
    bool integer(integer_value& x) override {
        if (at_->is_number_unsigned() && at_->u <= x.max) x.bits = at_->u;
        else if (at_->kind == json::value::integer && x.is_signed && at_->i >= x.min) x.bits = std::uint64_t(at_->i);
        else wrong("an integer in range");
        return true;
    }
    bool enumerator(std::size_t& index, char const* const* names, std::size_t count) override {
        auto const at = std::find_if(names, names + count, [&](char const* n) { return *at_ == n; });
        if (at == names + count) wrong("one of the enumerators");
        index = std::size_t(at - names);
        return true;
    }
    void tag(char const* name) override {
        if (*at_ != name) wrong(cat({"\"", name, "\" (it is part of the module's type)"}));
    }
    void number_or_name(number_or_name_value& x) override {
        // A name ("std", "l2"), else a number as `double` saves it ("inf" and "nan" included).
        // whole strings only: "std\u0000x" is not "std"
        if (at_->is_string() && at_->text.find('\0') == std::string::npos && x.known(at_->text.c_str())) {
            x.label = at_->text.c_str();
            x.result = x.to_label;
        } else if (at_->is_number() || *at_ == "nan" || *at_ == "inf" || *at_ == "-inf") {
            number(x.p);
            x.result = x.to_number;
        } else {
            wrong("a number or a name (\"std\")");
        }
    }
    void begin_group(char const* type) override {
        // Only the named fields travel: a function_schedule's pointer stays the optimizer's own.
        if (!at_->is_object() || !at_->contains("type") || (*at_)["type"] != type)
            wrong(cat({"a ", type, " (it is part of the module's type)"}));
        open_.push_back({group, at_, where_, 1});
    }
    void end_group(char const* type) override {
        frame const& f = open_.back();
        if (f.node->size() != f.known) fail(cat({f.where, " holds fields ", type, " does not know: ", f.node->dump()}));
        open_.pop_back();
    }
    void begin_list(std::size_t size, bool numbers) override {
        if (!at_->is_array() || at_->size() != size) wrong(cat({"a list of ", size, numbers ? " numbers" : ""}));
        open_.push_back({list, at_, where_});
    }
    void element(std::size_t index) override {
        at_ = &open_.back().node->items[index];
        where_ = cat({open_.back().where, "[", index, "]"});
    }
    void end_list() override { open_.pop_back(); }
    std::size_t begin_held_chain() override {
        open_.push_back({list, at_, where_});
        return open_.size();
    }
    // An error inside a held chain, after the hyperparameter holding it.
    [[noreturn]] void held_chain_failed(std::size_t mark, error const& e) override {
        std::string_view what = e.what();
        what.remove_prefix(std::min(what.size(), std::string_view("tzero: checkpoint: ").size()));
        fail(cat({open_[mark - 1].where, ": ", what}));
    }
    void end_held_chain() override { open_.pop_back(); }
};

/// Sets the chain `c` refers to from its JSON `j`; see `decoder`.
inline void decode_chain(json::value const& j, chain_ref c) {
    decoder d(j);
    c.walk(c.chain, d);
}

}  // namespace tzero::detail::checkpoint
