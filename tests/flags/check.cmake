# Compiles and runs tests/flags/chains.cpp with a user's strict flags for one target ISA (MARCH):
# -O2 -Wall -Wextra -Werror; any warning from tzero's headers fails the test.
# OPENMP=OFF builds without -fopenmp (a step on one thread; its pragmas must not warn).
set(openmp -fopenmp)
set(name ${MARCH})
if(DEFINED OPENMP AND NOT OPENMP)
  set(openmp)
  set(name ${MARCH}-no-openmp)
endif()
set(out ${WORK_DIR}/chains-${name})
execute_process(COMMAND ${CXX} -std=c++20 -O2 -march=${MARCH} ${openmp} -Wall -Wextra -Werror -DXTENSOR_USE_XSIMD
                        -I${INCLUDES} ${SOURCE_DIR}/tests/flags/chains.cpp -o ${out}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "-march=${MARCH} ${openmp} -Wall -Wextra -Werror:\n${err}")
endif()
execute_process(COMMAND ${out} RESULT_VARIABLE run_rc)
if(NOT run_rc EQUAL 0)
  message(FATAL_ERROR "${out} failed (${run_rc})")
endif()
message(STATUS "warning-clean at -march=${MARCH} ${openmp}")
