# The real MainWindow against the adversarial OpenID Provider (issue 5, section 1): every one of its
# cases (the test checks its list against the provider's own), the two-act key cases (rotation and
# an unknown kid after a cached JWKS) included, one window per case. Uses the "adversarial_op" fixture of tests/integration/adversarial.cmake
# (FABRIKAM_ADVERSARIAL_OP_URL, set in tests/CMakeLists.txt). Included by tests/ui/CMakeLists.txt.
fabrikam_add_qt_test(NAME tst_adversarial_gui
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_adversarial_gui.cpp
    LIBRARIES fabrikam_app Qt6::Network LABELS ui
    FIXTURES adversarial_op
    ENVIRONMENT FABRIKAM_ADVERSARIAL_OP=${FABRIKAM_ADVERSARIAL_OP_URL}
                FABRIKAM_REQUIRE_KEYRING=1)
target_compile_definitions(tst_adversarial_gui PRIVATE
    FABRIKAM_NODE_EXECUTABLE="${NODE_EXECUTABLE}"
    FABRIKAM_ADVERSARIAL_BROWSER="${PROJECT_SOURCE_DIR}/tests/support/adversarial-op/browser.mjs")
set_tests_properties(tst_adversarial_gui PROPERTIES TIMEOUT 400)
