"""Front door for store guides on the tablet: ``/tablet/v1``, scoped to the guide's store."""
