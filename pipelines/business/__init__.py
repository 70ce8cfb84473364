"""The business fields of the customer-management rules, added to the golden records after
survivorship, and the contact history they are read from. No Dagster here."""
