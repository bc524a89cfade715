"""Orders: lines, fulfilment (store pickup, delivery), pickup codes, payments, refunds."""
