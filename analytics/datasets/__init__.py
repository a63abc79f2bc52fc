"""The labelled data that training and evaluation read: the public datasets under ../shared/data
and Palabre's own annotations and functional test templates under benchmarks/."""
