# Lines across chunk boundaries: writes a JSON-lines file with CRLF breaks,
# a 3 MiB line among shorter ones and no final break, then checks that one
# thread, three threads and standard input find the same matches on the
# same lines. Called by tests/CMakeLists.txt with -DCARL=... -DANALYTIC=...
# -DWORK=a scratch directory.
set(file ${WORK}/chunk_edges.jsonl)
string(REPEAT "x" 3145728 padding)
set(match "{\"EventID\":1,\"Image\":\"C:\\\\t\\\\procdump.exe\",\"CommandLine\":\"-ma lsass")
set(other "{\"EventID\":1,\"Image\":\"C:\\\\t\\\\cmd.exe\",\"CommandLine\":\"dir\"}")
set(text "")
foreach(i RANGE 1 3000)
    if(i EQUAL 1500)
        string(APPEND text "${match} ${padding}\"}\r\n")
    elseif(i EQUAL 1 OR i EQUAL 1501 OR i EQUAL 2999)
        string(APPEND text "${match}\"}\r\n")
    else()
        string(APPEND text "${other}\r\n")
    endif()
endforeach()
string(APPEND text "${match}\"}")
file(WRITE ${file} "${text}")

function(lines_of out)
    execute_process(COMMAND ${CARL} hunt -a ${ANALYTIC} ${ARGN}
                    OUTPUT_VARIABLE found RESULT_VARIABLE status
                    ERROR_VARIABLE ignored)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "carl hunt ${ARGN}: exit status ${status}")
    endif()
    string(REGEX MATCHALL "\"line\":[0-9]+" lines "${found}")
    set(${out} "${lines}" PARENT_SCOPE)
endfunction()

set(expected "\"line\":1;\"line\":1500;\"line\":1501;\"line\":2999;\"line\":3001")
lines_of(one -j 1 ${file})
lines_of(three -j 3 ${file})
lines_of(piped - INPUT_FILE ${file})
foreach(run one three piped)
    if(NOT "${${run}}" STREQUAL "${expected}")
        message(FATAL_ERROR "${run}: found ${${run}}, expected ${expected}")
    endif()
endforeach()
