"""Front door for shoppers (mini-program and QR codes): ``/mp/v1``."""
