"""The Scrapy project: source registry, spiders, middlewares and extensions."""
