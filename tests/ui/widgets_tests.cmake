# Qt Test on the standalone widgets (settings, diagnostics + support bundle, translations),
# offscreen, label ui, no sandbox needed. Included by tests/ui/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/widgets_tests.cmake)
find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets)
include(${PROJECT_SOURCE_DIR}/translations/translations.cmake)

# The control audit (objectName, accessible name, HiDPI icons) every UI test applies.
add_library(fabrikam_test_widgets STATIC
    ${PROJECT_SOURCE_DIR}/tests/support/controlaudit.cpp
    ${PROJECT_SOURCE_DIR}/tests/support/controlaudit.h)
target_include_directories(fabrikam_test_widgets PUBLIC ${PROJECT_SOURCE_DIR}/tests)
target_link_libraries(fabrikam_test_widgets PUBLIC Qt6::Widgets)

fabrikam_add_qt_test(NAME tst_settingsdialog
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_settingsdialog.cpp
    LIBRARIES fabrikam_app_widgets fabrikam_test_widgets LABELS ui)
# fabrikam_test_support (tests/unit) mints real signed ID tokens for the claims view.
fabrikam_add_qt_test(NAME tst_diagnosticspanel
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_diagnosticspanel.cpp
    LIBRARIES fabrikam_app_widgets fabrikam_test_support fabrikam_test_widgets
    LABELS ui)
# The German .qm, embedded at :/i18n/ exactly as in the app.
# fabrikam_app: the start-up path (installTranslations) and the real MainWindow in the locale probe.
fabrikam_add_qt_test(NAME tst_translations
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_translations.cpp
    LIBRARIES fabrikam_app fabrikam_test_widgets LABELS ui)
fabrikam_add_translations(tst_translations QM_ONLY)
target_compile_definitions(tst_translations PRIVATE
    FABRIKAM_TS_FILE="${PROJECT_SOURCE_DIR}/translations/fabrikam_de.ts")

# The catalogue against the sources as they are now (catalogueIsComplete only reads the .ts).
add_test(NAME translations.current
    COMMAND ${CMAKE_COMMAND} -DLUPDATE=$<TARGET_FILE:Qt6::lupdate>
            -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DTS_FILE=${PROJECT_SOURCE_DIR}/translations/fabrikam_de.ts
            -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/translations-current
            -P ${CMAKE_CURRENT_LIST_DIR}/translations_current.cmake)
set_tests_properties(translations.current PROPERTIES LABELS ui TIMEOUT 120)
