# Compiles and runs tests/flags/chains.cpp with a user's strict flags for one target ISA (MARCH):
# -O2 -Wall -Wextra -Werror; any warning from tzero's headers fails the test.
set(out ${WORK_DIR}/chains-${MARCH})
execute_process(COMMAND ${CXX} -std=c++20 -O2 -march=${MARCH} -fopenmp -Wall -Wextra -Werror -DXTENSOR_USE_XSIMD
                        -I${INCLUDES} ${SOURCE_DIR}/tests/flags/chains.cpp -o ${out}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "-march=${MARCH} -Wall -Wextra -Werror:\n${err}")
endif()
execute_process(COMMAND ${out} RESULT_VARIABLE run_rc)
if(NOT run_rc EQUAL 0)
  message(FATAL_ERROR "${out} failed (${run_rc})")
endif()
message(STATUS "warning-clean at -march=${MARCH}")
