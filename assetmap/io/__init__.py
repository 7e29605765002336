"""Reading and writing files: exports now; CBS, OSM, spreadsheets and PDOK importers later."""
