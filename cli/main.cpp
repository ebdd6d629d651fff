// carl's command line: dispatches to one file per subcommand.
int main() { return 0; }
