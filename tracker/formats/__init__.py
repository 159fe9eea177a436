"""Date and number formats where the tracker differs from Django's defaults for a language.

Templates name formats (`date:"DATE_FORMAT"`, `date:"SHORT_DATE_FORMAT"`), never patterns, so
each reader gets the dates of their language: 29 August 2025, 2025年8月29日, 29 अगस्त 2025.
"""
