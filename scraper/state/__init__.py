"""The crawl state store (SQLite), its run lock, and recovery after a killed run. No Scrapy component here."""
