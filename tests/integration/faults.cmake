# Faults (issue 5 section 4): provider and API down, 5xx bursts, answers past the timeouts, tokens
# expiring mid-flow, key rotation mid-session, no D-Bus, a locked keychain, the browser never
# returning, the CLI killed between step-up and transfer. The test starts a tenant of its own on
# FABRIKAM_TEST_SANDBOX_PORT_BASE + 30..32 with data in the build tree (a start --fresh there also
# stops what an aborted run left behind; it stops and restarts it, and flips its switches), so it
# needs neither the shared fixture nor the sandbox_scenarios lock; the locked keychain is a second
# gnome-keyring on a D-Bus of the test's own.
find_package(Qt6 REQUIRED COMPONENTS DBus)
math(EXPR _faults_port "${FABRIKAM_TEST_SANDBOX_PORT_BASE} + 30")

fabrikam_add_qt_test(NAME tst_faults SOURCES tst_faults.cpp
    LIBRARIES fabrikam_client Qt6::Network Qt6::DBus LABELS integration
    ENVIRONMENT FABRIKAM_REQUIRE_KEYRING=1)
target_compile_definitions(tst_faults PRIVATE
    FABRIKAM_CLI_PATH="$<TARGET_FILE:fabrikam-cli>"
    FABRIKAM_NODE_EXECUTABLE="${NODE_EXECUTABLE}"
    FABRIKAM_SANDBOX_CLI="${SANDBOX_CLI}"
    FABRIKAM_FAULTS_PORT_BASE=${_faults_port}
    FABRIKAM_FAULTS_DATA="${CMAKE_CURRENT_BINARY_DIR}/faults-tenant"
    FABRIKAM_SCRIPTED_BROWSER="${PROJECT_SOURCE_DIR}/sandbox/test/support/scripted-browser.js")
add_dependencies(tst_faults fabrikam-cli)
set_tests_properties(tst_faults PROPERTIES TIMEOUT 400)
