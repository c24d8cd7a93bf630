#include <iostream>
int main() { std::cout << "gis\n"; return 0; }
