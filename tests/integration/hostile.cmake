# Hostile local processes (issue 5, section 2): a real sign-in against the sandbox is pending while
# tests/support/hostile-loopback.mjs, another process, floods the loopback receiver's port; the
# listener is bound to 127.0.0.1 only; fabrikam-cli signs in under the same flood. About 6 s.
fabrikam_add_qt_test(NAME tst_hostileloopback SOURCES tst_hostileloopback.cpp
    LIBRARIES fabrikam_auth fabrikam_test_support Qt6::Network LABELS integration
    FIXTURES sandbox ENVIRONMENT ${FABRIKAM_SANDBOX_ENV})
target_compile_definitions(tst_hostileloopback PRIVATE
    FABRIKAM_NODE_EXECUTABLE="${NODE_EXECUTABLE}"
    FABRIKAM_HOSTILE_SCRIPT="${PROJECT_SOURCE_DIR}/tests/support/hostile-loopback.mjs"
    FABRIKAM_SCRIPTED_BROWSER="${PROJECT_SOURCE_DIR}/sandbox/test/support/scripted-browser.js"
    FABRIKAM_CLI_PATH="$<TARGET_FILE:fabrikam-cli>")
add_dependencies(tst_hostileloopback fabrikam-cli)
# Switches no scenario but needs them off (a sign-in must work), and its flood would disturb
# timing-sensitive neighbours: one at a time with the other scenario users.
set_tests_properties(tst_hostileloopback PROPERTIES RESOURCE_LOCK sandbox_scenarios TIMEOUT 180)
