// The target that builds a precompiled header for the tests to reuse (tests/CMakeLists.txt).
int main() { return 0; }
