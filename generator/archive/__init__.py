"""What makes the archive citable for years: permanent ids for items, kept in the committed
registry ``seeds/permalinks.json`` with redirects for ids whose item moved or went
(``permalinks``), and the one module that knows every URL and output path (``urls``). Pages in,
pages with ids plus the registry and redirects out.
"""
