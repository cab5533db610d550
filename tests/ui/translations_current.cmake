# CTest script: the German catalogue covers every tr() string the sources have now, not only the
# strings it had when someone last ran `cmake --build build --target update_translations`.
# lupdate runs over src/ and ui/ (as the update_translations target does) into a copy of the .ts,
# and every message of the copy must have a finished translation.
#   cmake -DLUPDATE=… -DSOURCE_DIR=… -DTS_FILE=… -DWORK_DIR=… -P translations_current.cmake
foreach(var LUPDATE SOURCE_DIR TS_FILE WORK_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "translations_current.cmake needs -D${var}=…")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
get_filename_component(ts_name "${TS_FILE}" NAME)
set(copy "${WORK_DIR}/${ts_name}")
file(COPY_FILE "${TS_FILE}" "${copy}")
execute_process(
    COMMAND "${LUPDATE}" -no-obsolete -locations none -I "${SOURCE_DIR}/src" -extensions cpp,h,ui
            "${SOURCE_DIR}/src" "${SOURCE_DIR}/ui" -ts "${copy}"
    RESULT_VARIABLE status
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${status}):\n${output}")
endif()
string(REGEX MATCH "Found [0-9]+ source text\\(s\\) \\([0-9]+ new" found "${output}")
message(STATUS "lupdate: ${found}")

file(READ "${copy}" ts)
string(REGEX MATCHALL "<source>[^<]*</source>[ \n\t]*<translation type=\"(unfinished|vanished|obsolete)\""
       missing "${ts}")
list(LENGTH missing count)
if(count GREATER 0)
    string(REPLACE ";" "\n" missing "${missing}")
    message(FATAL_ERROR "${count} string(s) of the sources have no German translation in "
                        "${ts_name}. Run: cmake --build build --target update_translations, then "
                        "translate them in ${TS_FILE}\n${missing}")
endif()
message(STATUS "every source string has a German translation")
