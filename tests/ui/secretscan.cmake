# "No secret leaves memory" for the desktop window: the real MainWindow through sign-in, step-up,
# statements, diagnostics and a support bundle, then a scan of its HOME/XDG tree, its log messages
# and the clipboard for every secret that passed through. Uses the recording tenant of the
# sandbox_secretscan fixture defined in tests/integration/secretscan.cmake.
find_package(Qt6 6.4 REQUIRED COMPONENTS DBus)

fabrikam_add_qt_test(NAME tst_secretscan_gui
    SOURCES tst_secretscan_gui.cpp ${PROJECT_SOURCE_DIR}/tests/support/secretscan.cpp
    LIBRARIES fabrikam_app Qt6::Network Qt6::DBus LABELS ui
    FIXTURES sandbox_secretscan
    ENVIRONMENT FABRIKAM_REQUIRE_KEYRING=1 ${FABRIKAM_SECRETSCAN_ENV})
target_compile_definitions(tst_secretscan_gui PRIVATE
    FABRIKAM_SCRIPTED_BROWSER="${PROJECT_SOURCE_DIR}/sandbox/test/support/scripted-browser.js"
    FABRIKAM_SEED_USERS="${PROJECT_SOURCE_DIR}/sandbox/seed/users.json")
set_tests_properties(tst_secretscan_gui PROPERTIES TIMEOUT 180)
