# Programs that ship their own DLLs (included from tests/win32/CMakeLists.txt). Each set is
# built into a folder of its own: celda hands a program every .dll beside it.
#   dlls/    probe.dll (-> helper.dll), plugin.dll, failinit.dll, middle.dll (-> absent.dll, not
#            shipped: built into dlls-absent/ for its import library only) and the programs
#            dlltest.exe, fail_init.exe, needs_absent.exe
#   dllpath/ pathload.exe alone; dllpath-share/ pathplug.dll (-> pathdep.dll), for a -v share
#   cxxdll/  cpp_dll.exe linked against libstdc++-6.dll and libgcc_s_seh-1.dll, copied from
#            Debian's mingw-w64 packages (never committed)
set(DLLS_DIR ${WIN32_TESTS_DIR}/dlls)
set(ABSENT_DIR ${WIN32_TESTS_DIR}/dlls-absent)
set(CXXDLL_DIR ${WIN32_TESTS_DIR}/cxxdll)
set(dll_src ${CMAKE_CURRENT_SOURCE_DIR}/dlls)
set(dll_outputs)

# windows_dll(NAME DIR [DEF] [LIBS lib...]): DIR/NAME.dll and its import library DIR/libNAME.dll.a.
function(windows_dll name dir)
    cmake_parse_arguments(PARSE_ARGV 2 dll "" "DEF" "LIBS")
    set(def)
    if(dll_DEF)
        set(def ${dll_src}/${dll_DEF})
    endif()
    add_custom_command(OUTPUT ${dir}/${name}.dll ${dir}/lib${name}.dll.a
        COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
        COMMAND ${MINGW_CC} -O2 -Wall -shared -o ${dir}/${name}.dll ${dll_src}/${name}.c ${def}
                -Wl,--out-implib,${dir}/lib${name}.dll.a ${dll_LIBS}
        DEPENDS ${dll_src}/${name}.c ${def} ${dll_LIBS}
        COMMENT "mingw-w64: ${name}.dll")
    set(dll_outputs ${dll_outputs} ${dir}/${name}.dll PARENT_SCOPE)
endfunction()

# dll_program(NAME SOURCE LIBS...): DLLS_DIR/NAME.exe linked against import libraries.
function(dll_program name source)
    add_custom_command(OUTPUT ${DLLS_DIR}/${name}.exe
        COMMAND ${MINGW_CC} -O2 -Wall -o ${DLLS_DIR}/${name}.exe ${dll_src}/${source} ${ARGN}
        DEPENDS ${dll_src}/${source} ${ARGN}
        COMMENT "mingw-w64: dlls/${name}.exe")
    set(dll_outputs ${dll_outputs} ${DLLS_DIR}/${name}.exe PARENT_SCOPE)
endfunction()

windows_dll(helper ${DLLS_DIR})
windows_dll(probe ${DLLS_DIR} DEF probe.def LIBS ${DLLS_DIR}/libhelper.dll.a)
windows_dll(plugin ${DLLS_DIR} DEF plugin.def)
windows_dll(failinit ${DLLS_DIR})
windows_dll(absent ${ABSENT_DIR})
windows_dll(middle ${DLLS_DIR} LIBS ${ABSENT_DIR}/libabsent.dll.a)
dll_program(dlltest dlltest.c ${DLLS_DIR}/libprobe.dll.a ${DLLS_DIR}/libhelper.dll.a)
dll_program(fail_init fail_init.c ${DLLS_DIR}/libfailinit.dll.a)
dll_program(needs_absent needs_absent.c ${DLLS_DIR}/libmiddle.dll.a)
dll_program(dll_crash dll_crash.c ${DLLS_DIR}/libhelper.dll.a)
# A newer helper.dll (one more export), built elsewhere only for its import library:
# needs_newer.exe, linked against it, meets the older helper.dll in dlls/.
set(NEWER_DIR ${WIN32_TESTS_DIR}/dlls-newer)
add_custom_command(OUTPUT ${NEWER_DIR}/helper.dll ${NEWER_DIR}/libhelper.dll.a
    COMMAND ${CMAKE_COMMAND} -E make_directory ${NEWER_DIR}
    COMMAND ${MINGW_CC} -O2 -Wall -shared -DHELPER_NEWER -o ${NEWER_DIR}/helper.dll ${dll_src}/helper.c
            -Wl,--out-implib,${NEWER_DIR}/libhelper.dll.a
    DEPENDS ${dll_src}/helper.c
    COMMENT "mingw-w64: dlls-newer/helper.dll")
dll_program(needs_newer needs_newer.c ${NEWER_DIR}/libhelper.dll.a)

# LoadLibrary by path (dll_load_by_path): pathplug.dll and its dependency pathdep.dll are built
# apart from pathload.exe, which finds them only in a -v share the test script fills.
set(DLLPATH_DIR ${WIN32_TESTS_DIR}/dllpath)
set(DLLPATH_SHARE ${WIN32_TESTS_DIR}/dllpath-share)
windows_dll(pathdep ${DLLPATH_SHARE})
windows_dll(pathplug ${DLLPATH_SHARE} LIBS ${DLLPATH_SHARE}/libpathdep.dll.a)
add_custom_command(OUTPUT ${DLLPATH_DIR}/pathload.exe
    COMMAND ${CMAKE_COMMAND} -E make_directory ${DLLPATH_DIR}
    COMMAND ${MINGW_CC} -O2 -Wall -o ${DLLPATH_DIR}/pathload.exe ${dll_src}/pathload.c
    DEPENDS ${dll_src}/pathload.c
    COMMENT "mingw-w64: dllpath/pathload.exe")
list(APPEND dll_outputs ${DLLPATH_DIR}/pathload.exe)

# The C++ runtime DLLs Debian's mingw-w64 links against by default.
set(cxx_runtime_dlls)
foreach(runtime libstdc++-6.dll libgcc_s_seh-1.dll)
    execute_process(COMMAND ${MINGW_CXX} -print-file-name=${runtime} OUTPUT_VARIABLE path
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    add_custom_command(OUTPUT ${CXXDLL_DIR}/${runtime}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CXXDLL_DIR}
        COMMAND ${CMAKE_COMMAND} -E copy ${path} ${CXXDLL_DIR}/${runtime}
        DEPENDS ${path}
        COMMENT "copying ${runtime} from mingw-w64")
    list(APPEND cxx_runtime_dlls ${CXXDLL_DIR}/${runtime})
endforeach()
add_custom_command(OUTPUT ${CXXDLL_DIR}/cpp_dll.exe
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CXXDLL_DIR}
    COMMAND ${MINGW_CXX} -O2 -Wall -o ${CXXDLL_DIR}/cpp_dll.exe ${CMAKE_CURRENT_SOURCE_DIR}/cxxdll/cpp_dll.cpp
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cxxdll/cpp_dll.cpp
    COMMENT "mingw-w64: cxxdll/cpp_dll.exe (dynamic libstdc++)")
add_custom_target(win32_dll_test_programs ALL DEPENDS ${dll_outputs} ${cxx_runtime_dlls} ${CXXDLL_DIR}/cpp_dll.exe)

set(DLL_CASES dll_imports_and_loadlibrary dll_detach_order dll_trace_names_dll dll_init_failed
    dll_missing_dependency dll_missing_export dll_crash_names_dll cpp_dynamic_libstdcxx dll_memory_too_small dll_too_many
    dll_load_by_path)
foreach(case IN LISTS DLL_CASES)
    add_test(NAME win32.${case} COMMAND bash ${dll_src}/dll_cases.sh ${case})
    set_tests_properties(win32.${case} PROPERTIES
        TIMEOUT 60
        ENVIRONMENT "CELDA=$<TARGET_FILE:celda>;WIN32_TESTS=${WIN32_TESTS_DIR}")
endforeach()
