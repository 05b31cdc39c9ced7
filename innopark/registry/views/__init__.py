"""Registry pages: the public register and certificate verification, the applicant's pages, the staff's queues and
a participant's file. Views read through selectors and write through services only."""
