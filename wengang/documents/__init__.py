"""Official documents (公文): a 文号 per document type and year, a verification code printed on
each document, the administrator's seal image, and one public verification page (issue 12)."""
