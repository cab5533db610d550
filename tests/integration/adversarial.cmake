# The adversarial OpenID Provider (issue 5, section 1): tests/support/adversarial-op, a provider on
# 127.0.0.1 that misbehaves in one chosen way per issuer (http://127.0.0.1:PORT/<tag>/<case>): forged
# signatures, alg none, HS256 with the public key, keys in the header, wrong iss/aud/azp/nonce,
# expired tokens, broken authorization responses, token errors, non-JSON, oversized and slow answers,
# redirects off loopback, a refreshed ID token for another sub. Its own CTest fixture
# "adversarial_op" (no sandbox needed), on FABRIKAM_TEST_SANDBOX_PORT_BASE + 50. Included by
# tests/integration/CMakeLists.txt; tests/ui/adversarial.cmake uses the same fixture.
set(_adversarial_op ${PROJECT_SOURCE_DIR}/tests/support/adversarial-op)
set(_adversarial_data ${CMAKE_BINARY_DIR}/adversarial-op)

add_test(NAME adversarial_op.start
    COMMAND ${NODE_EXECUTABLE} ${_adversarial_op}/op.mjs start
            --port ${FABRIKAM_ADVERSARIAL_OP_PORT} --dir ${_adversarial_data})
add_test(NAME adversarial_op.stop
    COMMAND ${NODE_EXECUTABLE} ${_adversarial_op}/op.mjs stop --dir ${_adversarial_data})
set_tests_properties(adversarial_op.start PROPERTIES
    FIXTURES_SETUP adversarial_op LABELS integration TIMEOUT 60)
set_tests_properties(adversarial_op.stop PROPERTIES
    FIXTURES_CLEANUP adversarial_op LABELS integration TIMEOUT 60)

# fabrikam-cli login against every case, in parallel (the slow cases take the client's 15 s
# deadline), then whoami in a new process, the keychain read directly, and a good sign-in after
# the provider heals. About 30 s.
fabrikam_add_qt_test(NAME tst_adversarial_cli SOURCES tst_adversarial_cli.cpp
    LIBRARIES fabrikam_vault Qt6::Network LABELS integration
    FIXTURES adversarial_op
    ENVIRONMENT FABRIKAM_ADVERSARIAL_OP=${FABRIKAM_ADVERSARIAL_OP_URL}
                FABRIKAM_REQUIRE_KEYRING=1)
target_compile_definitions(tst_adversarial_cli PRIVATE
    FABRIKAM_CLI_PATH="$<TARGET_FILE:fabrikam-cli>"
    FABRIKAM_NODE_EXECUTABLE="${NODE_EXECUTABLE}"
    FABRIKAM_ADVERSARIAL_BROWSER="${_adversarial_op}/browser.mjs")
add_dependencies(tst_adversarial_cli fabrikam-cli)
set_tests_properties(tst_adversarial_cli PROPERTIES TIMEOUT 180)

# Issue 16, point 2: every re-authorization names the person (id_token_hint or login_hint) and an
# answer for anyone else is refused and wiped (the `reauth-sub-changed` case). A few seconds.
fabrikam_add_qt_test(NAME tst_reauthentication SOURCES tst_reauthentication.cpp
    LIBRARIES fabrikam_auth fabrikam_test_support Qt6::Network LABELS integration
    FIXTURES adversarial_op
    ENVIRONMENT FABRIKAM_ADVERSARIAL_OP=${FABRIKAM_ADVERSARIAL_OP_URL})
target_compile_definitions(tst_reauthentication PRIVATE
    FABRIKAM_NODE_EXECUTABLE="${NODE_EXECUTABLE}"
    FABRIKAM_ADVERSARIAL_BROWSER="${_adversarial_op}/browser.mjs")
set_tests_properties(tst_reauthentication PROPERTIES TIMEOUT 120)
