# libFuzzer targets for the input decoders: JSON (framing and every field
# shape) and EVTX; and for the prefilter, against decoding every event. Included from the top CMakeLists.txt when CARL_FUZZ is on;
# needs clang. How to run them and seed them: docs/inputs.md.
set(carl_fuzz_flags -fsanitize=fuzzer,address,undefined)
target_compile_options(carl_engine PRIVATE
    -fsanitize=fuzzer-no-link,address,undefined)
foreach(target fuzz_json_decoder fuzz_evtx fuzz_prefilter)
    add_executable(${target} ${PROJECT_SOURCE_DIR}/fuzz/${target}.cpp)
    target_include_directories(${target} PRIVATE
        ${PROJECT_SOURCE_DIR}/engine/src)
    target_compile_options(${target} PRIVATE ${carl_fuzz_flags})
    target_link_options(${target} PRIVATE ${carl_fuzz_flags})
    target_link_libraries(${target} PRIVATE carl_engine)
endforeach()
