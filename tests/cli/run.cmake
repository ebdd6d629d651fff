# Runs the carl executable once and compares its exit status, stdout and
# stderr with tests/cli/NAME.{stdout,stderr} (each compared when it exists).
# Called by tests/CMakeLists.txt with -DCARL=... -DNAME=... -DARGS=a|b|c
# -DSTATUS=n [-DINPUT=file for stdin] from the source tree's root.
string(REPLACE "|" ";" args "${ARGS}")
set(input_args)
if(INPUT)
    set(input_args INPUT_FILE ${INPUT})
endif()
execute_process(COMMAND ${CARL} ${args} ${input_args}
                RESULT_VARIABLE status
                OUTPUT_VARIABLE out ERROR_VARIABLE err)

set(golden ${CMAKE_CURRENT_LIST_DIR}/${NAME})
if(DEFINED ENV{CARL_UPDATE_GOLDEN})
    file(WRITE ${golden}.stdout "${out}")
    file(WRITE ${golden}.stderr "${err}")
    return()
endif()

set(failed FALSE)
if(NOT status EQUAL STATUS)
    message(SEND_ERROR "exit status ${status}, expected ${STATUS}")
    set(failed TRUE)
endif()
foreach(stream stdout stderr)
    if(stream STREQUAL stdout)
        set(actual "${out}")
    else()
        set(actual "${err}")
    endif()
    if(EXISTS ${golden}.${stream})
        file(READ ${golden}.${stream} expected)
        if(NOT actual STREQUAL expected)
            message(SEND_ERROR "${stream} differs from ${golden}.${stream}:\n"
                               "${actual}")
            set(failed TRUE)
        endif()
    endif()
endforeach()
if(failed)
    message(FATAL_ERROR "carl ${ARGS}")
endif()
