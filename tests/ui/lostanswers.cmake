# Lost answers in the window (issue 14): the real MainWindow with its API base URL at the fault
# proxy, against the lost_answers tenant (tests/CMakeLists.txt), as tst_lostanswers does with
# fabrikam-cli. One at a time with it: they share the proxy and the tenant's switches. Its seed
# users (walter, yvonne, victor, mallory, liam, mia, kate, nina, ursula) are not the CLI test's.
find_package(Qt6 6.4 REQUIRED COMPONENTS DBus)

fabrikam_add_qt_test(NAME tst_lostanswers_gui
    SOURCES tst_lostanswers_gui.cpp ${PROJECT_SOURCE_DIR}/tests/support/secretscan.cpp
    LIBRARIES fabrikam_app Qt6::Network Qt6::DBus LABELS ui
    FIXTURES lost_answers
    ENVIRONMENT FABRIKAM_REQUIRE_KEYRING=1 ${FABRIKAM_LOST_ANSWERS_ENV})
target_compile_definitions(tst_lostanswers_gui PRIVATE
    FABRIKAM_SCRIPTED_BROWSER="${PROJECT_SOURCE_DIR}/sandbox/test/support/scripted-browser.js"
    FABRIKAM_SEED_USERS="${PROJECT_SOURCE_DIR}/sandbox/seed/users.json")
set_tests_properties(tst_lostanswers_gui PROPERTIES TIMEOUT 600 RESOURCE_LOCK lost_answers)
