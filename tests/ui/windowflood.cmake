# The real MainWindow under a hostile local process (issue 5, section 2): while a sign-in waits,
# tests/support/hostile-loopback.mjs floods the window's loopback port (every kind, as
# tests/integration/tst_hostileloopback does for AuthSession and fabrikam-cli); the window stays
# responsive (StallWatchdog) and waiting, then the scripted person completes the sign-in and the
# replayed callback changes nothing. Included by tests/ui/CMakeLists.txt. About 10 s.
fabrikam_add_qt_test(NAME tst_windowflood
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_windowflood.cpp
            ${PROJECT_SOURCE_DIR}/tests/support/hostileloopback.h
    LIBRARIES fabrikam_app fabrikam_test_support Qt6::Network LABELS ui
    FIXTURES sandbox ENVIRONMENT ${FABRIKAM_SANDBOX_ENV} FABRIKAM_REQUIRE_KEYRING=1)
target_compile_definitions(tst_windowflood PRIVATE
    FABRIKAM_NODE_EXECUTABLE="${NODE_EXECUTABLE}"
    FABRIKAM_HOSTILE_SCRIPT="${PROJECT_SOURCE_DIR}/tests/support/hostile-loopback.mjs"
    FABRIKAM_SCRIPTED_BROWSER="${PROJECT_SOURCE_DIR}/sandbox/test/support/scripted-browser.js"
    FABRIKAM_SANDBOX_SEED_ACCOUNTS="${PROJECT_SOURCE_DIR}/sandbox/seed/accounts.json")
# Needs the scenarios off (a sign-in must work), and its flood would disturb timing-sensitive
# neighbours: one at a time with the other scenario users, as tst_hostileloopback.
set_tests_properties(tst_windowflood PROPERTIES RESOURCE_LOCK sandbox_scenarios TIMEOUT 180)
