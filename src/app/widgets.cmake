# The standalone widgets of the desktop app: settings, diagnostics (with the support bundle) and
# about. Included by src/app/CMakeLists.txt: include(${CMAKE_CURRENT_SOURCE_DIR}/widgets.cmake)
# Paths are relative to this file, so it can be included from any directory.
find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets)
find_package(OpenSSL 3.0 REQUIRED)

qt_add_library(fabrikam_app_widgets STATIC
    ${CMAKE_CURRENT_LIST_DIR}/aboutdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/aboutdialog.h
    ${CMAKE_CURRENT_LIST_DIR}/diagnosticspanel.cpp ${CMAKE_CURRENT_LIST_DIR}/diagnosticspanel.h
    ${CMAKE_CURRENT_LIST_DIR}/settingsdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/settingsdialog.h
    ${CMAKE_CURRENT_LIST_DIR}/supportbundle.cpp ${CMAKE_CURRENT_LIST_DIR}/supportbundle.h
)
# The forms (ui/aboutdialog.ui, ui/diagnosticspanel.ui, ui/settingsdialog.ui) are found by AUTOUIC
# from #include "ui_x.h" through AUTOUIC_SEARCH_PATHS, as for fabrikam_app. Listing them as sources
# would make two targets of this directory claim the same generated ui_x.h (a Ninja error).
set_target_properties(fabrikam_app_widgets PROPERTIES
    AUTOMOC ON
    AUTOUIC ON
    AUTOUIC_SEARCH_PATHS ${PROJECT_SOURCE_DIR}/ui)
target_include_directories(fabrikam_app_widgets PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(fabrikam_app_widgets PRIVATE FABRIKAM_VERSION="${PROJECT_VERSION}")
# The timeline and the support bundle use the very same redaction as `fabrikam-cli --trace`
# (Common::redactField, DESIGN.md section 5).
target_link_libraries(fabrikam_app_widgets
    PUBLIC Qt6::Widgets fabrikam_client
    PRIVATE OpenSSL::Crypto)
