# Writes the lists that follow from the module headers, so that none is kept by hand:
#
#   include/tzero/tzero.hpp        #include of every header under include/tzero/modules/ but detail/
#   tests/modules_under_test.hpp   #include of every module header, include/tzero/modules/<family>/<name>.hpp
#   README.md                      the module table: each family (folder), its modules, its page
#
# Each list sits between a line holding "begin: written by scripts/generate" and a line holding
# "end: written by scripts/generate"; the text around them is the file's own. README's table
# names each module by its header and adds the names the header also defines (a name in a done
# row of docs/modules.md that the header spells as a string, "normalize_by_ema"), marking those
# whose row's kind says "reads the loss".
#
#   scripts/generate                              rewrites the lists (cmake -P scripts/generate.cmake)
#   cmake -DCHECK=ON -P scripts/generate.cmake    writes nothing; fails if a list is stale (ctest's
#                                                 generated:up_to_date, scripts/generate --check)
cmake_minimum_required(VERSION 3.25)
get_filename_component(root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

# ------------------------------------------------------------------ the headers
file(GLOB_RECURSE headers RELATIVE "${root}/include" "${root}/include/tzero/modules/*.hpp")
list(FILTER headers EXCLUDE REGEX "(^|/)detail/")
list(SORT headers)  # byte order, whatever the locale
set(module_headers ${headers})
list(FILTER module_headers INCLUDE REGEX "^tzero/modules/[^/]+/[^/]+\\.hpp$")

set(families)
set(stems)
foreach(header IN LISTS module_headers)
  string(REGEX REPLACE "^tzero/modules/([^/]+)/([^/]+)\\.hpp$" "\\1" family "${header}")
  string(REGEX REPLACE "^tzero/modules/([^/]+)/([^/]+)\\.hpp$" "\\2" stem "${header}")
  list(APPEND families ${family})
  list(APPEND stems ${stem})
  list(APPEND modules_of_${family} ${stem})
  set(header_of_${stem} "${header}")
endforeach()
list(REMOVE_DUPLICATES families)

# ------------------------------------------------------------------ docs/modules.md's done rows
# The first table, as tests/modules/catalogue.cpp reads it: the tzero cell's backticked names
# before any " (", each cut at "("; the kind cell; the status cell. `;`, `[` and `]` would split
# or join CMake list elements, so they become other characters first (only names are kept).
file(READ "${root}/docs/modules.md" md)
string(REPLACE "\\" "/" md "${md}")
string(REPLACE ";" "," md "${md}")
string(REPLACE "[" "(" md "${md}")
string(REPLACE "]" ")" md "${md}")
string(REPLACE "\n" ";" md_lines "${md}")
set(done_names)
set(loss_names)
set(in_table OFF)
foreach(line IN LISTS md_lines)
  if(line MATCHES "^\\| torchzero")
    set(in_table ON)
    continue()
  endif()
  if(NOT in_table OR line MATCHES "^\\|---")
    continue()
  endif()
  if(NOT line MATCHES "^\\| `")
    break()
  endif()
  string(REPLACE "|" ";" cells "x${line}")  # x: a first element that is never empty
  list(LENGTH cells count)
  if(count LESS 8)
    continue()
  endif()
  list(GET cells 2 tzero_cell)
  list(GET cells 4 kind)
  list(GET cells 7 status)
  string(STRIP "${status}" status)
  if(NOT status MATCHES "^done")
    continue()
  endif()
  string(FIND "${tzero_cell}" " (" paren)
  if(paren GREATER -1)
    string(SUBSTRING "${tzero_cell}" 0 ${paren} tzero_cell)
  endif()
  string(REGEX MATCHALL "`[^`]*`" ticked "${tzero_cell}")
  foreach(name IN LISTS ticked)
    string(REGEX REPLACE "^`([^`(]*).*$" "\\1" name "${name}")
    list(APPEND done_names "${name}")
    if(kind MATCHES "reads the loss")
      list(APPEND loss_names "${name}")
    endif()
  endforeach()
endforeach()

# A done name that is no header's stem belongs to the first header that spells it as a string
# (a module defined by another's template: `name = Normalize ? "normalize_by_ema" : ...`).
foreach(header IN LISTS module_headers)
  file(READ "${root}/include/${header}" text_of_${header})
endforeach()
foreach(name IN LISTS done_names)
  if(name IN_LIST stems OR DEFINED owner_of_${name})
    continue()
  endif()
  foreach(header IN LISTS module_headers)
    string(FIND "${text_of_${header}}" "\"${name}\"" at)
    if(at GREATER -1)
      set(owner_of_${name} "${header}")
      list(APPEND extra_names_of_${header} "${name}")
      break()
    endif()
  endforeach()
endforeach()

# ------------------------------------------------------------------ the lists
set(tzero_includes "")
foreach(header IN LISTS headers)
  string(APPEND tzero_includes "#include <${header}>\n")
endforeach()

set(test_includes "")
foreach(header IN LISTS module_headers)
  string(APPEND test_includes "#include <${header}>\n")
endforeach()

set(table "| family | modules | page |\n|---|---|---|\n")
foreach(family IN LISTS families)
  set(entries)
  foreach(stem IN LISTS modules_of_${family})
    set(names ${stem} ${extra_names_of_${header_of_${stem}}})
    foreach(name IN LISTS names)
      set(entry "`${name}`")
      if(name IN_LIST loss_names)
        string(APPEND entry " (reads the loss)")
      endif()
      list(APPEND entries "${entry}")
    endforeach()
  endforeach()
  list(JOIN entries ", " entries)
  if(NOT EXISTS "${root}/docs/modules/${family}.md")
    message(FATAL_ERROR " tzero: include/tzero/modules/${family}/ has no page (write docs/modules/${family}.md)")
  endif()
  string(APPEND table "| ${family} | ${entries} | [docs/modules/${family}.md](docs/modules/${family}.md) |\n")
endforeach()

# ------------------------------------------------------------------ splice them in
set(stale)
function(splice file body)
  file(READ "${root}/${file}" old)
  string(FIND "${old}" "begin: written by scripts/generate" begin)
  if(begin EQUAL -1)
    message(FATAL_ERROR " tzero: ${file} lacks its line `begin: written by scripts/generate` (restore it from git)")
  endif()
  string(SUBSTRING "${old}" ${begin} -1 rest)
  string(FIND "${rest}" "\n" newline)
  math(EXPR head_length "${begin} + ${newline} + 1")
  string(SUBSTRING "${old}" 0 ${head_length} head)
  string(SUBSTRING "${old}" ${head_length} -1 rest)
  string(FIND "${rest}" "end: written by scripts/generate" end)
  if(end EQUAL -1)
    message(FATAL_ERROR " tzero: ${file} lacks its line `end: written by scripts/generate` (restore it from git)")
  endif()
  string(SUBSTRING "${rest}" 0 ${end} body_and_indent)
  string(FIND "${body_and_indent}" "\n" newline REVERSE)  # the end line starts after it
  math(EXPR tail_start "${newline} + 1")
  string(SUBSTRING "${rest}" ${tail_start} -1 tail)
  set(new "${head}${body}${tail}")
  if(NOT "${new}" STREQUAL "${old}")
    if(CHECK)
      set(stale ${stale} ${file} PARENT_SCOPE)
    else()
      file(WRITE "${root}/${file}" "${new}")
      message(STATUS "scripts/generate: wrote ${file}")
    endif()
  endif()
endfunction()

splice(include/tzero/tzero.hpp "${tzero_includes}")
splice(tests/modules_under_test.hpp "${test_includes}")
splice(README.md "${table}")

if(stale)
  list(JOIN stale ", " stale)
  # one line, unwrapped: CMake leaves a message line that starts with a space as it is
  message(FATAL_ERROR " tzero: ${stale} out of date (run scripts/generate)")
endif()
