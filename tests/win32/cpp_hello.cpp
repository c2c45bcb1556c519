// cpp_hello: iostream, std::string and a thrown/caught exception, static libstdc++.
#include <iostream>
#include <stdexcept>
#include <string>

static int parse(const std::string& text) {
    if (text.empty()) throw std::runtime_error("empty input");
    return std::stoi(text);
}

int main() {
    std::string name = "Celda";
    name += " on Windows";
    std::cout << "hello " << name << " (" << name.size() << " chars)" << std::endl;
    try {
        parse("");
    } catch (const std::exception& error) {
        std::cout << "caught: " << error.what() << std::endl;
    }
    return parse("4");
}
