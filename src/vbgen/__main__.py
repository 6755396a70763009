from vbgen.cli import main

main()
