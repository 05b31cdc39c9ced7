"""innopark: the information system of an innovation technology park."""
