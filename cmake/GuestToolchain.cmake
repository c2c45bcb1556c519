# The guest toolchain: the host g++ driven freestanding. Guest code (library OS, ABI layers,
# guest apps) sees only the compiler's own headers (stdint.h, stddef.h, stdarg.h, intrinsics),
# never the host's libc or kernel headers, and links against nothing but libgcc and the
# position-independent Boost.Context switch routines.

execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=include
                OUTPUT_VARIABLE CELDA_GCC_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-libgcc-file-name
                OUTPUT_VARIABLE CELDA_LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)

# Boost.Context's fcontext switch routines (make/jump/ontop_fcontext) are plain assembly with
# no dependencies but `_exit`, which the library OS provides. Debian ships them in the static
# library; the linker pulls only the objects the guest references.
find_file(CELDA_BOOST_CONTEXT_A libboost_context.a
          PATHS /usr/lib/x86_64-linux-gnu /usr/lib REQUIRED
          DOC "Boost.Context static library (apt-get install libboost-context-dev)")

set(CELDA_GUEST_COMPILE_OPTIONS
    -ffreestanding -nostdinc -nostdinc++ -isystem ${CELDA_GCC_INCLUDE}
    -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-stack-protector
    -fno-omit-frame-pointer -mno-red-zone -fPIE -fno-plt
    -ffunction-sections -fdata-sections
    -fno-asynchronous-unwind-tables -fno-unwind-tables
    -Wall -Wextra -O2 -g)

add_library(celda_guest_flags INTERFACE)
target_compile_options(celda_guest_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:${CELDA_GUEST_COMPILE_OPTIONS}>
    $<$<COMPILE_LANGUAGE:ASM>:-fPIE>)
target_compile_definitions(celda_guest_flags INTERFACE CELDA_GUEST=1)
target_include_directories(celda_guest_flags INTERFACE ${PROJECT_SOURCE_DIR}/include)

# celda_guest_image(NAME [OUTPUT_DIR dir] SOURCES...): a bootable guest image bin/NAME.img
# (or dir/NAME.img) = library OS + the given sources (which define celda_main). Static-PIE: the
# monitor places it at the top of guest memory and the library OS relocates itself on entry.
function(celda_guest_image name)
    cmake_parse_arguments(PARSE_ARGV 1 image "" "OUTPUT_DIR" "SOURCES")
    if(NOT image_OUTPUT_DIR)
        set(image_OUTPUT_DIR ${CELDA_BIN_DIR})
    endif()
    add_executable(${name} ${image_SOURCES} ${image_UNPARSED_ARGUMENTS})
    target_link_libraries(${name} PRIVATE libos)
    target_link_options(${name} PRIVATE
        -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,-z,max-page-size=4096
        -Wl,--gc-sections -Wl,-z,noexecstack -Wl,--build-id=none)
    target_link_libraries(${name} PRIVATE ${CELDA_BOOST_CONTEXT_A} ${CELDA_LIBGCC})
    set_target_properties(${name} PROPERTIES
        SUFFIX ".img"
        RUNTIME_OUTPUT_DIRECTORY ${image_OUTPUT_DIR}
        POSITION_INDEPENDENT_CODE OFF)
endfunction()
