"""The ``--demo`` database: a small shop in SQLite, made on first use in the data directory.

customers → orders → order_items ← products, with foreign keys, a view and an index,
and enough rows (deterministic, no randomness) to make joins and aggregates worth trying.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL UNIQUE,
    city        TEXT,
    country     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    price       NUMERIC NOT NULL CHECK (price >= 0),
    in_stock    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    ordered_at   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled'))
);
CREATE TABLE order_items (
    order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    unit_price  NUMERIC NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX orders_customer_id ON orders(customer_id);
CREATE INDEX order_items_product_id ON order_items(product_id);
CREATE VIEW order_totals AS
    SELECT o.id AS order_id, c.name AS customer, o.status,
           SUM(i.quantity * i.unit_price) AS total
    FROM orders o
    JOIN customers c ON c.id = o.customer_id
    JOIN order_items i ON i.order_id = o.id
    GROUP BY o.id, c.name, o.status;
"""

_PEOPLE = [
    ("Ada Lovelace", "London", "UK"), ("Grace Hopper", "Arlington", "US"), ("Alan Turing", "Manchester", "UK"),
    ("Edsger Dijkstra", "Austin", "US"), ("Barbara Liskov", "Boston", "US"), ("Donald Knuth", "Stanford", "US"),
    ("Margaret Hamilton", "Cambridge", "US"), ("Niklaus Wirth", "Zurich", "CH"), ("Frances Allen", "Peru", "US"),
    ("Tim Berners-Lee", "Oxford", "UK"), ("Radia Perlman", "Seattle", "US"), ("Ken Thompson", "Berkeley", "US"),
    ("Anita Borg", "Palo Alto", "US"), ("Bjarne Stroustrup", "Aarhus", "DK"), ("Guido van Rossum", "Haarlem", "NL"),
    ("Sophie Wilson", "Cambridge", "UK"), ("John McCarthy", "Boston", "US"), ("Hedy Lamarr", "Vienna", "AT"),
    ("Linus Torvalds", "Helsinki", "FI"), ("Karen Spärck Jones", "Huddersfield", "UK"),
]
_PRODUCTS = [
    ("KB-101", "Mechanical keyboard", "hardware", "89.00"), ("MS-202", "Wireless mouse", "hardware", "24.50"),
    ("MN-303", "27-inch monitor", "hardware", "279.99"), ("CB-404", "USB-C cable", "accessories", "9.90"),
    ("DK-505", "Laptop stand", "accessories", "39.00"), ("HP-606", "Noise-cancelling headphones", "audio", "199.00"),
    ("SP-707", "Desk speakers", "audio", "59.95"), ("BK-808", "SQL pocket guide", "books", "14.99"),
    ("BK-809", "The Art of Computer Programming", "books", "189.00"), ("LM-910", "Desk lamp", "office", "32.00"),
    ("CH-911", "Ergonomic chair", "office", "349.00"), ("NB-912", "Dotted notebook", "office", "7.50"),
]
_STATUSES = ("paid", "shipped", "shipped", "pending", "paid", "cancelled")


def _rows() -> dict[str, list[tuple]]:
    customers = [
        (i, name, f"{name.split()[0].lower()}.{name.split()[-1].lower()}@example.com", city, country,
         f"2024-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d} 09:{i * 3 % 60:02d}:00")
        for i, (name, city, country) in enumerate(_PEOPLE, start=1)
    ]
    products = [(i, sku, name, cat, price, (i * 13) % 40) for i, (sku, name, cat, price) in enumerate(_PRODUCTS, 1)]
    orders, items = [], []
    for oid in range(1, 61):
        customer = 1 + (oid * 7) % len(customers)
        orders.append((oid, customer, f"2025-{1 + oid % 12:02d}-{1 + (oid * 5) % 28:02d} {8 + oid % 10:02d}:15:00",
                       _STATUSES[oid % len(_STATUSES)]))
        for k in range(1 + oid % 4):
            product = 1 + (oid * 3 + k * 5) % len(products)
            items.append((oid, product, 1 + (oid + k) % 3, products[product - 1][4]))
    return {"customers": customers, "products": products, "orders": orders, "order_items": items}


def create_demo(path: Path) -> Path:
    """Write the demo database to ``path`` (replacing an incomplete one); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        conn.executescript(SCHEMA)
        for table, rows in _rows().items():
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        conn.commit()
    finally:
        conn.close()
    partial.replace(path)  # atomic: a half-written demo is never opened
    return path


def demo_path() -> Path:
    """The demo database, created in the shellkit data directory when missing."""
    from shellkit.paths import data_dir

    path = data_dir() / "demo.db"
    if not path.exists():
        create_demo(path)
    return path
