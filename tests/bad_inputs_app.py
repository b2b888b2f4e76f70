"""Bad-input cases of the app (run by ``test_bad_inputs.py`` with every other table).

The trainer page (``python -m analysis.app``) refuses its options before it starts a
server. A ``--port`` taken by another program needs a listening socket, so that case is
in ``test_app_cli.py``.
"""

from __future__ import annotations

from bad_input_case import BadInput, case

APP = "analysis.app"

APP_CASES: list[BadInput] = [
    case("app_port_above_range", "--port", "99999", key="--port",
         needle="--port=99999: allowed range [0, 65535]", module=APP),
    case("app_port_negative", "--port=-1", key="--port", needle="allowed range [0, 65535]", module=APP),
    case("app_port_not_a_number", "--port", "eighty", key="--port", needle="a whole number", module=APP),
    case("app_host_not_an_address", "--host", "999.1.1.1", key="--host",
         needle="--host='999.1.1.1': not an address of this machine (", module=APP),
    # 192.0.2.1 is reserved for documentation (RFC 5737): never an address of this machine
    case("app_host_of_another_machine", "--host", "192.0.2.1", key="--host",
         needle="not an address of this machine", module=APP),
    case("app_host_empty", "--host=", key="--host", needle="not an address of this machine", module=APP),
    case("app_unknown_option", "--prot", "8800", key="command line", needle="unrecognized arguments",
         module=APP),
]
