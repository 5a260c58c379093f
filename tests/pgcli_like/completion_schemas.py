"""The schemas the completion tests run against, one per engine (with FKs, enums, functions)."""

from __future__ import annotations

PG_SCHEMA = """
CREATE TYPE mood AS ENUM ('happy', 'sad', 'it''s ok');
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, "Mixed Case" text, mood mood,
                        contact email, created_at timestamptz DEFAULT now());
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(10,2),
                     status text);
CREATE TABLE products (id serial PRIMARY KEY, name text, price numeric);
CREATE TABLE order_items (id serial PRIMARY KEY, order_id int REFERENCES orders(id),
                          product_id int REFERENCES products(id), qty int);
CREATE TABLE "select" (id int);
CREATE TABLE données (clé int);
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY 1;
CREATE SCHEMA sales;
CREATE TABLE sales.leads (id int PRIMARY KEY, email text, customer_id int REFERENCES public.customers(id));
CREATE FUNCTION orders_of(cust int) RETURNS TABLE(order_id int, amount numeric) LANGUAGE sql
  AS $$ SELECT id, total FROM orders WHERE customer_id = cust $$;
CREATE FUNCTION big_spenders() RETURNS SETOF customers LANGUAGE sql AS $$ SELECT * FROM customers $$;
CREATE FUNCTION add_tax(amount numeric, rate numeric DEFAULT 0.2) RETURNS numeric LANGUAGE sql
  AS $$ SELECT amount * (1 + rate) $$;
"""

MYSQL_SCHEMA = """
CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL,
                        mood enum('happy','sad','it''s ok'), `select` int, created_at datetime DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE orders (id int AUTO_INCREMENT PRIMARY KEY, customer_id int, total decimal(10,2), status varchar(20),
                     FOREIGN KEY (customer_id) REFERENCES customers(id));
CREATE TABLE products (id int PRIMARY KEY, name varchar(50), price decimal(10,2));
CREATE TABLE order_items (id int PRIMARY KEY, order_id int, product_id int, qty int,
                          FOREIGN KEY (order_id) REFERENCES orders(id), FOREIGN KEY (product_id) REFERENCES products(id));
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
CREATE FUNCTION add_tax(amount decimal(10,2), rate decimal(4,2)) RETURNS decimal(10,2) DETERMINISTIC
  RETURN amount * (1 + rate);
"""

SQLITE_SCHEMA = """
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, "Mixed Case" text, status text);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), total real, status text);
CREATE TABLE products (id integer PRIMARY KEY, name text, price real);
CREATE TABLE order_items (id integer PRIMARY KEY, order_id integer REFERENCES orders, product_id integer
                          REFERENCES products(id), qty integer);
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
"""


def statements(script: str) -> list[str]:
    """Split a fixture script on ';' at line ends (the scripts above keep ';' out of bodies)."""
    out, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            out.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    return out
