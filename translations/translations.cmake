# Qt Linguist wiring (STACK.md section 7, Qt 6.4 signature of qt_add_translations).
#
#   include(${PROJECT_SOURCE_DIR}/translations/translations.cmake)
#   fabrikam_add_translations(fabrikam-desktop)
#
# embeds :/i18n/fabrikam_de.qm into the target and adds fabrikam-desktop_lupdate, which
# `cmake --build <dir> --target update_translations` (not in ALL) runs over every source and form
# of src/ and ui/ - libraries included, since lupdate only scans what it is given.
# fabrikam_add_translations(<target> QM_ONLY) embeds the .qm without another lupdate target
# (for tests: one lupdate target per .ts file, so update_translations never races with itself).
function(fabrikam_add_translations target)
    cmake_parse_arguments(arg "QM_ONLY" "" "" ${ARGN})
    find_package(Qt6 6.4 REQUIRED COMPONENTS LinguistTools)
    set(FABRIKAM_TS_FILES ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/fabrikam_de.ts)
    if(arg_QM_ONLY)
        # Its own .qm folder, so it cannot clash with the app's .qm in the same directory.
        set(qm_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}_i18n)
        set_source_files_properties(${FABRIKAM_TS_FILES} PROPERTIES OUTPUT_LOCATION ${qm_dir})
        qt_add_lrelease(${target} TS_FILES ${FABRIKAM_TS_FILES} NO_GLOBAL_TARGET
                        QM_FILES_OUTPUT_VARIABLE qm_files)
        set_source_files_properties(${FABRIKAM_TS_FILES} PROPERTIES OUTPUT_LOCATION "")
        qt_add_resources(${target} "${target}_translations"
            PREFIX /i18n
            BASE ${qm_dir}
            FILES ${qm_files})
    else()
        file(GLOB_RECURSE sources CONFIGURE_DEPENDS
            ${PROJECT_SOURCE_DIR}/src/*.cpp ${PROJECT_SOURCE_DIR}/src/*.h
            ${PROJECT_SOURCE_DIR}/ui/*.ui)
        qt_add_translations(${target}
            TS_FILES ${FABRIKAM_TS_FILES}
            SOURCES ${sources}
            # Without src/ on the include path lupdate cannot see the namespaces in the headers
            # and files the strings under contexts that tr() never asks for at run time.
            INCLUDE_DIRECTORIES ${PROJECT_SOURCE_DIR}/src
            LUPDATE_OPTIONS -no-obsolete -locations relative)
    endif()
endfunction()
