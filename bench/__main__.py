from bench.iati import main as iati_main
from bench.run import main

iati_main()  # the IATI export against lxml (bench/iati.py): no server, about two minutes
main()
