"""Front door for regional managers: ``/manager/v1``, scoped to the manager's regions."""
