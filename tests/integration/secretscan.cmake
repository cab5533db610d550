# "No secret leaves memory" (DESIGN.md section 5): full flows with tracing and debug output on,
# then every file the app or the CLI wrote and everything they printed is searched for the exact
# codes, verifiers, tokens, one-time codes and password that passed through (tests/support/
# secretscan.h). The values come from a tenant of its own that records every token response
# (fabrikam-sandbox --record-secrets, tests only) into a file outside the scanned folders; fresh
# seed data, so it never disturbs the balances the other tiers check. tst_secretscan_gui
# (tests/ui/secretscan.cmake) uses the same fixture.
find_package(Qt6 6.4 REQUIRED COMPONENTS DBus)

add_test(NAME sandbox_secretscan.start COMMAND ${NODE_EXECUTABLE} ${SANDBOX_CLI} start --fresh
         ${FABRIKAM_SECRETSCAN_ARGS} --record-secrets ${FABRIKAM_SECRETSCAN_DATA}/recorded-secrets.jsonl)
add_test(NAME sandbox_secretscan.stop COMMAND ${NODE_EXECUTABLE} ${SANDBOX_CLI} stop ${FABRIKAM_SECRETSCAN_ARGS})
set_tests_properties(sandbox_secretscan.start PROPERTIES
    FIXTURES_SETUP sandbox_secretscan LABELS integration TIMEOUT 60)
set_tests_properties(sandbox_secretscan.stop PROPERTIES
    FIXTURES_CLEANUP sandbox_secretscan LABELS integration TIMEOUT 60)

fabrikam_add_qt_test(NAME tst_secretscan
    SOURCES tst_secretscan.cpp ${PROJECT_SOURCE_DIR}/tests/support/secretscan.cpp
    LIBRARIES fabrikam_vault Qt6::Network Qt6::DBus LABELS integration
    FIXTURES sandbox_secretscan
    ENVIRONMENT FABRIKAM_REQUIRE_KEYRING=1 ${FABRIKAM_SECRETSCAN_ENV})
target_compile_definitions(tst_secretscan PRIVATE
    FABRIKAM_CLI_PATH="$<TARGET_FILE:fabrikam-cli>"
    FABRIKAM_SCRIPTED_BROWSER="${PROJECT_SOURCE_DIR}/sandbox/test/support/scripted-browser.js"
    FABRIKAM_SEED_USERS="${PROJECT_SOURCE_DIR}/sandbox/seed/users.json")
add_dependencies(tst_secretscan fabrikam-cli)
set_tests_properties(tst_secretscan PROPERTIES TIMEOUT 180)
