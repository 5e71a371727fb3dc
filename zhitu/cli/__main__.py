from zhitu.cli import main

main()
