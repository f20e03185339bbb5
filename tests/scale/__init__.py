"""Several hosts on one machine: network namespaces, a real load balancer, a rush (make
scale-test). See docs/deployment.md «The scale test»."""
