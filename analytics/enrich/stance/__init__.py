"""enrich/stance"""
