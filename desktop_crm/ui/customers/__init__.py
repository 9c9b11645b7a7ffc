"""The Customers page: the big table over SQL, its filters, views and bulk actions."""
