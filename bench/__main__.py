import subprocess
import sys

from bench.factsheet import main as factsheet_main
from bench.iati import main as iati_main
from bench.run import main

if sys.argv[1:] == ["cooperation"]:  # the cooperation pages only, about a minute
    main(only_cooperation=True)
elif sys.argv[1:] == ["factsheet"]:  # the factsheet PDF only, about half a minute
    factsheet_main()
else:
    # The factsheet PDF against WeasyPrint alone (bench/factsheet.py), in its own process: it sets
    # Django up on its own scratch database.
    subprocess.run([sys.executable, "-m", "bench", "factsheet"], check=True)
    iati_main()  # the IATI export against lxml (bench/iati.py): no server, about two minutes
    main()
