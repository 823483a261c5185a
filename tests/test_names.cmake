# Catch2 test names become ctest names through CMake lists, where `;` splits and an unbalanced
# `[` swallows the names after it: such a name would silently hide tests from ctest. None may
# hold `[`, `]` or `;`.
file(GLOB_RECURSE sources ${DIR}/*.cpp)
set(bad "")
foreach(source IN LISTS sources)
  file(STRINGS ${source} lines REGEX "TEST_CASE\\(\"")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "TEST_CASE\\(\"[^\"]*\"" name "${line}")
    if(name MATCHES "[][;]")
      string(APPEND bad "\n  ${source}: ${name}")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "test names must not hold [, ] or ; (ctest would lose tests):${bad}")
endif()
