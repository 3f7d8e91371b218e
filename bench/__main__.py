import sys

from bench.iati import main as iati_main
from bench.run import main

if sys.argv[1:] == ["cooperation"]:  # the cooperation pages only, about a minute
    main(only_cooperation=True)
else:
    iati_main()  # the IATI export against lxml (bench/iati.py): no server, about two minutes
    main()
