// The Envoy messages an EnvoyFilter patch's value decodes into, as far as envoy-patch-value.ts checks them: tables
// derived from the proto descriptors of go-control-plane 98966259b99a (the version Istio 1.30.3's go.mod pins) and,
// for the xds.* messages, of cncf/xds. Neither is among the pinned inputs in ../shared, so they are kept by hand: on an
// Istio upgrade, compare them with the descriptors of the go-control-plane version it pins.

// By applyTo: the Envoy message istiod decodes the value as, its NESTED entry ('' when no extension is below it), and
// its fields in descriptor order as `proto_name:shape`, the shape one of s (string), b (bool), B (BoolValue), U
// (UInt32Value), L (UInt64Value), d (Duration), a (Any), m (another message), e<Enum> (an ENUM_NAMES enum), led by
// * for a list or % for a map with string keys.
export const PATCH_VALUE_TYPES: Readonly<Record<string, readonly [string, string, string]>> = {
  CLUSTER: ['envoy.config.cluster.v3.Cluster', 'Cluster',
    'transport_socket_matches:*m transport_socket_matcher:m name:s alt_stat_name:s type:eDiscoveryType cluster_type:m eds_cluster_config:m ' +
    'connect_timeout:d per_connection_buffer_limit_bytes:U per_connection_buffer_high_watermark_timeout:d lb_policy:eLbPolicy ' +
    'load_assignment:m health_checks:*m max_requests_per_connection:U circuit_breakers:m upstream_http_protocol_options:m ' +
    'common_http_protocol_options:m http_protocol_options:m http2_protocol_options:m typed_extension_protocol_options:%a dns_refresh_rate:d ' +
    'dns_jitter:d dns_failure_refresh_rate:m respect_dns_ttl:b dns_lookup_family:eDnsLookupFamily dns_resolvers:*m use_tcp_for_dns_lookups:b ' +
    'dns_resolution_config:m typed_dns_resolver_config:m wait_for_warm_on_init:B outlier_detection:m cleanup_interval:d upstream_bind_config:m ' +
    'lb_subset_config:m ring_hash_lb_config:m maglev_lb_config:m original_dst_lb_config:m least_request_lb_config:m round_robin_lb_config:m ' +
    'common_lb_config:m transport_socket:m metadata:m protocol_selection:eClusterProtocolSelection upstream_connection_options:m ' +
    'close_connections_on_host_health_failure:b ignore_health_on_host_removal:b filters:*m load_balancing_policy:m lrs_server:m ' +
    'lrs_report_endpoint_metrics:*s track_timeout_budgets:b upstream_config:m track_cluster_stats:m preconnect_policy:m ' +
    'connection_pool_per_downstream_connection:b'],
  LISTENER: ['envoy.config.listener.v3.Listener', 'Listener',
    'name:s address:m additional_addresses:*m stat_prefix:s filter_chains:*m fcds_config:m filter_chain_matcher:m use_original_dst:B ' +
    'default_filter_chain:m per_connection_buffer_limit_bytes:U per_connection_buffer_high_watermark_timeout:d metadata:m deprecated_v1:m ' +
    'drain_type:eDrainType listener_filters:*m listener_filters_timeout:d continue_on_listener_filters_timeout:b transparent:B freebind:B ' +
    'socket_options:*m tcp_fast_open_queue_length:U traffic_direction:eTrafficDirection udp_listener_config:m api_listener:m ' +
    'connection_balance_config:m reuse_port:b enable_reuse_port:B access_log:*m tcp_backlog_size:U ' +
    'max_connections_to_accept_per_socket_event:U bind_to_port:B internal_listener:m enable_mptcp:b ignore_global_conn_limit:b ' +
    'bypass_overload_manager:b tcp_keepalive:m'],
  ROUTE_CONFIGURATION: ['envoy.config.route.v3.RouteConfiguration', '',
    'name:s virtual_hosts:*m vhds:m internal_only_headers:*s response_headers_to_add:*m response_headers_to_remove:*s ' +
    'request_headers_to_add:*m request_headers_to_remove:*s most_specific_header_mutations_wins:b validate_clusters:B ' +
    'max_direct_response_body_size_bytes:U cluster_specifier_plugins:*m request_mirror_policies:*m ignore_port_in_host_matching:b ' +
    'vhost_header:s ignore_path_parameters_in_path_matching:b typed_per_filter_config:%a metadata:m'],
  FILTER_CHAIN: ['envoy.config.listener.v3.FilterChain', 'FilterChain',
    'filter_chain_match:m filters:*m use_proxy_proto:B metadata:m transport_socket:m transport_socket_connect_timeout:d name:s'],
  HTTP_FILTER: ['envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter', 'TypedDiscovery',
    'name:s typed_config:a config_discovery:m is_optional:b disabled:b'],
  NETWORK_FILTER: ['envoy.config.listener.v3.Filter', 'TypedDiscovery',
    'name:s typed_config:a config_discovery:m'],
  VIRTUAL_HOST: ['envoy.config.route.v3.VirtualHost', 'VirtualHost',
    'name:s domains:*s routes:*m matcher:m require_tls:eTlsRequirementType virtual_clusters:*m rate_limits:*m request_headers_to_add:*m ' +
    'request_headers_to_remove:*s response_headers_to_add:*m response_headers_to_remove:*s cors:m typed_per_filter_config:%a ' +
    'include_request_attempt_count:b include_attempt_count_in_response:b retry_policy:m retry_policy_typed_config:a hedge_policy:m ' +
    'include_is_timeout_retry_header:b per_request_buffer_limit_bytes:U request_body_buffer_limit:L request_mirror_policies:*m metadata:m'],
  HTTP_ROUTE: ['envoy.config.route.v3.Route', 'Route',
    'name:s match:m route:m redirect:m direct_response:m filter_action:m non_forwarding_action:m metadata:m decorator:m ' +
    'typed_per_filter_config:%a request_headers_to_add:*m request_headers_to_remove:*s response_headers_to_add:*m ' +
    'response_headers_to_remove:*s tracing:m per_request_buffer_limit_bytes:U stat_prefix:s request_body_buffer_limit:L'],
  EXTENSION_CONFIG: ['envoy.config.core.v3.TypedExtensionConfig', 'Typed',
    'name:s typed_config:a'],
  BOOTSTRAP: ['envoy.config.bootstrap.v3.Bootstrap', 'Bootstrap',
    'node:m node_context_params:*s static_resources:m dynamic_resources:m cluster_manager:m hds_config:m flags_path:s stats_sinks:*m ' +
    'deferred_stat_options:m stats_config:m stats_flush_interval:d stats_flush_on_admin:b stats_eviction_interval:d watchdog:m watchdogs:m ' +
    'tracing:m layered_runtime:m admin:m overload_manager:m enable_dispatcher_stats:b header_prefix:s stats_server_version_override:L ' +
    'use_tcp_for_dns_lookups:b dns_resolution_config:m typed_dns_resolver_config:m bootstrap_extensions:*m fatal_actions:*m config_sources:*m ' +
    'default_config_source:m default_socket_interface:s certificate_provider_instances:%m inline_headers:*m perf_tracing_file_path:s ' +
    'default_regex_engine:m xds_delegate_extension:m xds_config_tracker_extension:m listener_manager:m application_log_config:m ' +
    'grpc_async_client_manager_config:m memory_allocator_manager:m'],
  LISTENER_FILTER: ['envoy.config.listener.v3.ListenerFilter', 'TypedDiscovery',
    'name:s typed_config:a config_discovery:m filter_disabled:m'],
};
export const ENUM_NAMES: Readonly<Record<string, string>> = {
  ClusterProtocolSelection: 'USE_CONFIGURED_PROTOCOL USE_DOWNSTREAM_PROTOCOL',
  DiscoveryType: 'STATIC STRICT_DNS LOGICAL_DNS EDS ORIGINAL_DST',
  DnsLookupFamily: 'AUTO V4_ONLY V6_ONLY V4_PREFERRED ALL',
  DrainType: 'DEFAULT MODIFY_ONLY',
  LbPolicy: 'ROUND_ROBIN LEAST_REQUEST RING_HASH RANDOM MAGLEV CLUSTER_PROVIDED LOAD_BALANCING_POLICY_CONFIG',
  TlsRequirementType: 'NONE EXTERNAL_ONLY ALL',
  TrafficDirection: 'UNSPECIFIED INBOUND OUTBOUND',
};
export const NESTED: Readonly<Record<string, string>> = {
  Bootstrap:
    'cluster_manager:ClusterManager tracing:Tracing typed_dns_resolver_config:Typed default_regex_engine:Typed xds_delegate_extension:Typed ' +
    'xds_config_tracker_extension:Typed listener_manager:Typed',
  ClusterManager: 'outlier_detection:ManagerOutlierDetection upstream_bind_config:BindConfig',
  ManagerOutlierDetection: 'event_service:EventServiceConfig',
  Cluster:
    'transport_socket_matcher:Matcher cluster_type:Typed http_protocol_options:Http1ProtocolOptions typed_dns_resolver_config:Typed ' +
    'upstream_bind_config:BindConfig transport_socket:Typed upstream_config:Typed',
  BindConfig: 'local_address_selector:Typed',
  EventServiceConfig: 'grpc_service:GrpcService',
  GrpcService: 'envoy_grpc:EnvoyGrpc retry_policy:RetryPolicy',
  EnvoyGrpc: 'retry_policy:RetryPolicy',
  Http1ProtocolOptions: 'header_key_format:HeaderKeyFormat',
  HeaderKeyFormat: 'stateful_formatter:Typed',
  QuicProtocolOptions: 'client_packet_writer:Typed',
  RetryPolicy: 'retry_priority:Typed',
  FilterChain: 'transport_socket:Typed',
  Listener:
    'filter_chain_matcher:Matcher default_filter_chain:FilterChain udp_listener_config:UdpListenerConfig ' +
    'connection_balance_config:ConnectionBalanceConfig',
  ConnectionBalanceConfig: 'extend_balance:Typed',
  ListenerQuicOptions:
    'quic_protocol_options:QuicProtocolOptions crypto_stream_config:Typed proof_source_config:Typed connection_id_generator_config:Typed ' +
    'server_preferred_address_config:Typed connection_debug_visitor_config:Typed',
  UdpListenerConfig: 'quic_options:ListenerQuicOptions udp_packet_packet_writer_config:Typed',
  ClusterSpecifierPlugin: 'extension:Typed',
  RouteRetryPolicy: 'retry_priority:Typed',
  Route: 'match:RouteMatch route:RouteAction',
  RouteAction:
    'inline_cluster_specifier_plugin:ClusterSpecifierPlugin path_rewrite_policy:Typed early_data_policy:Typed retry_policy:RouteRetryPolicy',
  RouteMatch: 'path_match_policy:Typed',
  VirtualHost: 'matcher:Matcher retry_policy:RouteRetryPolicy',
  Tracing: 'http:Typed',
  Matcher: 'matcher_tree:MatcherTree on_no_match:OnMatch',
  MatcherTree: 'input:Typed custom_match:Typed',
  OnMatch: 'matcher:Matcher action:Typed',
};
