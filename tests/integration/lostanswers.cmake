# Lost answers (issue 14): fabrikam-cli through the fault proxy, against the lost_answers tenant
# (tests/CMakeLists.txt); tst_lostanswers_gui does the same with the window. One at a time: they
# share the proxy and the tenant's switches.
fabrikam_add_qt_test(NAME tst_lostanswers
    SOURCES tst_lostanswers.cpp ${PROJECT_SOURCE_DIR}/tests/support/secretscan.cpp
    LIBRARIES fabrikam_vault Qt6::Network Qt6::DBus LABELS integration
    FIXTURES lost_answers
    ENVIRONMENT FABRIKAM_REQUIRE_KEYRING=1 ${FABRIKAM_LOST_ANSWERS_ENV})
target_compile_definitions(tst_lostanswers PRIVATE
    FABRIKAM_CLI_PATH="$<TARGET_FILE:fabrikam-cli>"
    FABRIKAM_SCRIPTED_BROWSER="${PROJECT_SOURCE_DIR}/sandbox/test/support/scripted-browser.js"
    FABRIKAM_SEED_USERS="${PROJECT_SOURCE_DIR}/sandbox/seed/users.json")
add_dependencies(tst_lostanswers fabrikam-cli)
set_tests_properties(tst_lostanswers PROPERTIES TIMEOUT 400 RESOURCE_LOCK lost_answers)
