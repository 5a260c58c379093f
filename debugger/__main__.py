"""``python -m debugger script.py [args]``.

pdb runs the script in this module's namespace after clearing it, so the code lives in
``debugger.main`` and this file only calls it.
"""

from debugger.main import main

main()
