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

// The messages of the envoy.* packages istiod links in, which are all the Any types of that namespace it can decode:
// each package (a token starting with "envoy.") followed by its messages, nested ones as Outer.Inner (map entries, which
// are not registered, left out). Derived from the same go-control-plane descriptors: every .pb.go package of envoy/ and
// contrib/ whose path has "v3" (what istio's pkg/config/xds/filter_types.gen.go imports, a superset where it lags) and
// the files they import.
export const ENVOY_MESSAGES = `
envoy.admin.v3 BootstrapConfigDump Certificate CertificateDetails CertificateDetails.OcspDetails Certificates ClusterStatus Clusters
  ClustersConfigDump ClustersConfigDump.DynamicCluster ClustersConfigDump.StaticCluster CommandLineOptions ConfigDump EcdsConfigDump
  EcdsConfigDump.EcdsFilterConfig EndpointsConfigDump EndpointsConfigDump.DynamicEndpointConfig EndpointsConfigDump.StaticEndpointConfig
  HostHealthStatus HostStatus ListenerStatus Listeners ListenersConfigDump ListenersConfigDump.DynamicListener
  ListenersConfigDump.DynamicListenerState ListenersConfigDump.StaticListener Memory MutexStats RoutesConfigDump RoutesConfigDump.DynamicRouteConfig
  RoutesConfigDump.StaticRouteConfig ScopedRoutesConfigDump ScopedRoutesConfigDump.DynamicScopedRouteConfigs
  ScopedRoutesConfigDump.InlineScopedRouteConfigs SecretsConfigDump SecretsConfigDump.DynamicSecret SecretsConfigDump.StaticSecret ServerInfo
  SimpleMetric SubjectAlternateName TapRequest UnreadyTargetsDumps UnreadyTargetsDumps.UnreadyTargetsDump UpdateFailureState
envoy.annotations ResourceAnnotation
envoy.config.accesslog.v3 AccessLog AccessLogFilter AndFilter ComparisonFilter DurationFilter ExtensionFilter GrpcStatusFilter HeaderFilter
  LogTypeFilter MetadataFilter NotHealthCheckFilter OrFilter ResponseFlagFilter RuntimeFilter StatusCodeFilter TraceableFilter
envoy.config.bootstrap.v3 Admin Bootstrap Bootstrap.ApplicationLogConfig Bootstrap.ApplicationLogConfig.LogFormat Bootstrap.DeferredStatOptions
  Bootstrap.DynamicResources Bootstrap.GrpcAsyncClientManagerConfig Bootstrap.StaticResources ClusterManager ClusterManager.OutlierDetection
  CustomInlineHeader FatalAction LayeredRuntime MemoryAllocatorManager Runtime RuntimeLayer RuntimeLayer.AdminLayer RuntimeLayer.DiskLayer
  RuntimeLayer.RtdsLayer Watchdog Watchdog.WatchdogAction Watchdogs
envoy.config.cluster.v3 CircuitBreakers CircuitBreakers.Thresholds CircuitBreakers.Thresholds.RetryBudget Cluster Cluster.CommonLbConfig
  Cluster.CommonLbConfig.ConsistentHashingLbConfig Cluster.CommonLbConfig.LocalityWeightedLbConfig Cluster.CommonLbConfig.ZoneAwareLbConfig
  Cluster.CustomClusterType Cluster.EdsClusterConfig Cluster.LbSubsetConfig Cluster.LbSubsetConfig.LbSubsetSelector Cluster.LeastRequestLbConfig
  Cluster.MaglevLbConfig Cluster.OriginalDstLbConfig Cluster.PreconnectPolicy Cluster.RefreshRate Cluster.RingHashLbConfig
  Cluster.RoundRobinLbConfig Cluster.SlowStartConfig Cluster.TransportSocketMatch ClusterCollection Filter LoadBalancingPolicy
  LoadBalancingPolicy.Policy OutlierDetection TrackClusterStats UpstreamConnectionOptions UpstreamConnectionOptions.HappyEyeballsConfig
envoy.config.common.key_value.v3 KeyValueStoreConfig
envoy.config.common.matcher.v3 HttpGenericBodyMatch HttpGenericBodyMatch.GenericTextMatch HttpHeadersMatch MatchPredicate MatchPredicate.MatchSet
  Matcher Matcher.MatcherList Matcher.MatcherList.FieldMatcher Matcher.MatcherList.Predicate Matcher.MatcherList.Predicate.PredicateList
  Matcher.MatcherList.Predicate.SinglePredicate Matcher.MatcherTree Matcher.MatcherTree.MatchMap Matcher.OnMatch
envoy.config.common.mutation_rules.v3 HeaderMutation HeaderMutation.RemoveOnMatch HeaderMutationRules
envoy.config.core.v3 Address AggregatedConfigSource AlternateProtocolsCacheOptions AlternateProtocolsCacheOptions.AlternateProtocolsCacheEntry
  ApiConfigSource AsyncDataSource BackoffStrategy BindConfig BuildVersion CelExpressionConfig CidrRange ConfigSource ControlPlane DataSource
  DnsResolutionConfig DnsResolverOptions EnvoyInternalAddress EventServiceConfig Extension ExtensionConfigSource ExtraSourceAddress GrpcMethodList
  GrpcMethodList.Service GrpcProtocolOptions GrpcService GrpcService.EnvoyGrpc GrpcService.GoogleGrpc GrpcService.GoogleGrpc.CallCredentials
  GrpcService.GoogleGrpc.CallCredentials.GoogleIAMCredentials GrpcService.GoogleGrpc.CallCredentials.MetadataCredentialsFromPlugin
  GrpcService.GoogleGrpc.CallCredentials.ServiceAccountJWTAccessCredentials GrpcService.GoogleGrpc.CallCredentials.StsService
  GrpcService.GoogleGrpc.ChannelArgs GrpcService.GoogleGrpc.ChannelArgs.Value GrpcService.GoogleGrpc.ChannelCredentials
  GrpcService.GoogleGrpc.GoogleLocalCredentials GrpcService.GoogleGrpc.SslCredentials HeaderMap HeaderValue HeaderValueOption HealthCheck
  HealthCheck.CustomHealthCheck HealthCheck.GrpcHealthCheck HealthCheck.HttpHealthCheck HealthCheck.Payload HealthCheck.RedisHealthCheck
  HealthCheck.TcpHealthCheck HealthCheck.TlsOptions HealthStatusSet Http1ProtocolOptions Http1ProtocolOptions.HeaderKeyFormat
  Http1ProtocolOptions.HeaderKeyFormat.ProperCaseWords Http2ProtocolOptions Http2ProtocolOptions.SettingsParameter Http3ProtocolOptions
  HttpProtocolOptions HttpService HttpUri JsonFormatOptions KeepaliveSettings KeyValue KeyValueAppend KeyValueMutation KeyValuePair Locality
  Metadata Node PathConfigSource PerHostConfig Pipe ProxyProtocolConfig ProxyProtocolPassThroughTLVs QueryParameter QuicKeepAliveSettings
  QuicProtocolOptions QuicProtocolOptions.ConnectionMigrationSettings QuicProtocolOptions.ConnectionMigrationSettings.MigrateIdleConnectionSettings
  RateLimitSettings RemoteDataSource RetryPolicy RetryPolicy.RetryHostPredicate RetryPolicy.RetryPriority RuntimeDouble RuntimeFeatureFlag
  RuntimeFractionalPercent RuntimePercent RuntimeUInt32 SchemeHeaderTransformation SelfConfigSource SocketAddress SocketCmsgHeaders SocketOption
  SocketOption.SocketType SocketOption.SocketType.Datagram SocketOption.SocketType.Stream SocketOptionsOverride SubstitutionFormatString
  TcpKeepalive TcpProtocolOptions TlvEntry TransportSocket TypedExtensionConfig UdpSocketConfig UpstreamHttpProtocolOptions WatchedDirectory
envoy.config.endpoint.v3 ClusterLoadAssignment ClusterLoadAssignment.Policy ClusterLoadAssignment.Policy.DropOverload ClusterStats
  ClusterStats.DroppedRequests Endpoint Endpoint.AdditionalAddress Endpoint.HealthCheckConfig EndpointLoadMetricStats LbEndpoint
  LbEndpointCollection LedsClusterLocalityConfig LocalityLbEndpoints LocalityLbEndpoints.LbEndpointList UnnamedEndpointLoadMetricStats
  UpstreamEndpointStats UpstreamLocalityStats
envoy.config.grpc_credential.v3 FileBasedMetadataConfig
envoy.config.listener.v3 ActiveRawUdpListenerConfig AdditionalAddress ApiListener ApiListenerManager Filter FilterChain FilterChainMatch Listener
  Listener.ConnectionBalanceConfig Listener.ConnectionBalanceConfig.ExactBalance Listener.DeprecatedV1 Listener.FcdsConfig
  Listener.InternalListenerConfig ListenerCollection ListenerFilter ListenerFilterChainMatchPredicate ListenerFilterChainMatchPredicate.MatchSet
  ListenerManager QuicProtocolOptions UdpListenerConfig ValidationListenerManager
envoy.config.metrics.v3 DogStatsdSink HistogramBucketSettings HystrixSink MetricsServiceConfig StatsConfig StatsMatcher StatsSink StatsdSink
  TagSpecifier
envoy.config.overload.v3 BufferFactoryConfig LoadShedPoint OverloadAction OverloadManager ResourceMonitor ScaleTimersOverloadActionConfig
  ScaleTimersOverloadActionConfig.ScaleTimer ScaledTrigger ShrinkHeapConfig ThresholdTrigger Trigger
envoy.config.ratelimit.v3 RateLimitServiceConfig
envoy.config.rbac.v3 Action Permission Permission.Set Policy Principal Principal.Authenticated Principal.Set RBAC RBAC.AuditLoggingOptions
  RBAC.AuditLoggingOptions.AuditLoggerConfig SourcedMetadata
envoy.config.route.v3 ClusterSpecifierPlugin CookieMatcher CorsPolicy Decorator DirectResponseAction FilterAction FilterConfig HeaderMatcher
  HedgePolicy InternalRedirectPolicy NonForwardingAction QueryParameterMatcher RateLimit RateLimit.Action RateLimit.Action.DestinationCluster
  RateLimit.Action.DynamicMetaData RateLimit.Action.GenericKey RateLimit.Action.HeaderValueMatch RateLimit.Action.MaskedRemoteAddress
  RateLimit.Action.MetaData RateLimit.Action.QueryParameterValueMatch RateLimit.Action.QueryParameters RateLimit.Action.RemoteAddress
  RateLimit.Action.RemoteAddressMatch RateLimit.Action.RequestHeaders RateLimit.Action.SourceCluster RateLimit.HitsAddend RateLimit.Override
  RateLimit.Override.DynamicMetadata RedirectAction RetryPolicy RetryPolicy.RateLimitedRetryBackOff RetryPolicy.ResetHeader RetryPolicy.RetryBackOff
  RetryPolicy.RetryHostPredicate RetryPolicy.RetryPriority Route RouteAction RouteAction.HashPolicy RouteAction.HashPolicy.ConnectionProperties
  RouteAction.HashPolicy.Cookie RouteAction.HashPolicy.CookieAttribute RouteAction.HashPolicy.FilterState RouteAction.HashPolicy.Header
  RouteAction.HashPolicy.QueryParameter RouteAction.MaxStreamDuration RouteAction.RequestMirrorPolicy RouteAction.UpgradeConfig
  RouteAction.UpgradeConfig.ConnectConfig RouteConfiguration RouteList RouteMatch RouteMatch.ConnectMatcher RouteMatch.GrpcRouteMatchOptions
  RouteMatch.TlsContextMatchOptions ScopedRouteConfiguration ScopedRouteConfiguration.Key ScopedRouteConfiguration.Key.Fragment Tracing Vhds
  VirtualCluster VirtualHost WeightedCluster WeightedCluster.ClusterWeight
envoy.config.tap.v3 BufferedAdminSink FilePerTapSink HttpGenericBodyMatch HttpGenericBodyMatch.GenericTextMatch HttpHeadersMatch MatchPredicate
  MatchPredicate.MatchSet OutputConfig OutputSink StreamingAdminSink StreamingGrpcSink TapConfig
envoy.config.trace.v3 ClientConfig DatadogConfig DatadogRemoteConfig DynamicOtConfig LightstepConfig OpenTelemetryConfig SkyWalkingConfig
  TraceServiceConfig Tracing Tracing.Http XRayConfig XRayConfig.SegmentFields ZipkinConfig
envoy.config.upstream.local_address_selector.v3 DefaultLocalAddressSelector
envoy.data.accesslog.v3 AccessLogCommon ConnectionProperties HTTPAccessLogEntry HTTPRequestProperties HTTPResponseProperties ResponseFlags
  ResponseFlags.Unauthorized TCPAccessLogEntry TLSProperties TLSProperties.CertificateProperties TLSProperties.CertificateProperties.SubjectAltName
envoy.data.cluster.v3 OutlierDetectionEvent OutlierEjectConsecutive OutlierEjectFailurePercentage OutlierEjectSuccessRate
envoy.data.core.v3 DegradedHealthyHost HealthCheckAddHealthy HealthCheckEjectUnhealthy HealthCheckEvent HealthCheckFailure HealthCheckSuccessful
  NoLongerDegradedHost TlvsMetadata
envoy.data.dns.v3 DnsTable DnsTable.AddressList DnsTable.DnsEndpoint DnsTable.DnsService DnsTable.DnsServiceList DnsTable.DnsServiceProtocol
  DnsTable.DnsServiceTarget DnsTable.DnsVirtualDomain
envoy.data.tap.v3 Body Connection HttpBufferedTrace HttpBufferedTrace.Message HttpStreamedTraceSegment SocketBufferedTrace SocketEvent
  SocketEvent.Closed SocketEvent.Read SocketEvent.Write SocketEvents SocketStreamedTraceSegment TraceWrapper
envoy.extensions.access_loggers.dynamic_modules.v3 DynamicModuleAccessLog
envoy.extensions.access_loggers.file.v3 FileAccessLog
envoy.extensions.access_loggers.filters.cel.v3 ExpressionFilter
envoy.extensions.access_loggers.filters.process_ratelimit.v3 DynamicTokenBucket ProcessRateLimitFilter
envoy.extensions.access_loggers.fluentd.v3 FluentdAccessLogConfig FluentdAccessLogConfig.RetryOptions
envoy.extensions.access_loggers.grpc.v3 CommonGrpcAccessLogConfig HttpGrpcAccessLogConfig TcpGrpcAccessLogConfig
envoy.extensions.access_loggers.open_telemetry.v3 OpenTelemetryAccessLogConfig
envoy.extensions.access_loggers.stats.v3 Config Config.Counter Config.Gauge Config.Gauge.PairedAddSubtract Config.Gauge.Set Config.Histogram
  Config.Stat Config.Tag
envoy.extensions.access_loggers.stream.v3 StderrAccessLog StdoutAccessLog
envoy.extensions.access_loggers.wasm.v3 WasmAccessLog
envoy.extensions.bootstrap.dynamic_modules.v3 DynamicModuleBootstrapExtension
envoy.extensions.bootstrap.internal_listener.v3 InternalListener
envoy.extensions.bootstrap.reverse_tunnel.downstream_socket_interface.v3 DownstreamReverseConnectionSocketInterface
  DownstreamReverseConnectionSocketInterface.HttpHandshakeConfig
envoy.extensions.bootstrap.reverse_tunnel.upstream_socket_interface.v3 UpstreamReverseConnectionSocketInterface
envoy.extensions.clusters.aggregate.v3 AggregateClusterResource ClusterConfig
envoy.extensions.clusters.composite.v3 ClusterConfig ClusterConfig.ClusterEntry
envoy.extensions.clusters.dns.v3 DnsCluster DnsCluster.RefreshRate
envoy.extensions.clusters.dynamic_forward_proxy.v3 ClusterConfig SubClustersConfig
envoy.extensions.clusters.dynamic_modules.v3 ClusterConfig
envoy.extensions.clusters.mcp_multicluster.v3 ClusterConfig ClusterConfig.McpBackend ClusterConfig.McpCluster
envoy.extensions.clusters.redis.v3 RedisClusterConfig
envoy.extensions.clusters.reverse_connection.v3 ReverseConnectionClusterConfig
envoy.extensions.common.async_files.v3 AsyncFileManagerConfig AsyncFileManagerConfig.ThreadPool
envoy.extensions.common.aws.v3 AssumeRoleCredentialProvider AssumeRoleWithWebIdentityCredentialProvider AwsCredentialProvider
  ConfigCredentialProvider ContainerCredentialProvider CredentialsFileCredentialProvider EnvironmentCredentialProvider
  IAMRolesAnywhereCredentialProvider InlineCredentialProvider InstanceProfileCredentialProvider
envoy.extensions.common.dynamic_forward_proxy.v3 DnsCacheCircuitBreakers DnsCacheConfig
envoy.extensions.common.matching.v3 ExtensionWithMatcher ExtensionWithMatcherPerRoute
envoy.extensions.common.ratelimit.v3 LocalClusterRateLimit LocalRateLimitDescriptor RateLimitDescriptor RateLimitDescriptor.Entry
  RateLimitDescriptor.RateLimitOverride
envoy.extensions.common.tap.v3 AdminConfig CommonExtensionConfig
envoy.extensions.compression.brotli.compressor.v3 Brotli
envoy.extensions.compression.brotli.decompressor.v3 Brotli
envoy.extensions.compression.gzip.compressor.v3 Gzip
envoy.extensions.compression.gzip.decompressor.v3 Gzip
envoy.extensions.compression.qatzip.compressor.v3alpha Qatzip
envoy.extensions.compression.qatzstd.compressor.v3alpha Qatzstd
envoy.extensions.compression.zstd.compressor.v3 Zstd
envoy.extensions.compression.zstd.decompressor.v3 Zstd
envoy.extensions.config.v3alpha KeyValueStoreXdsDelegateConfig
envoy.extensions.config.validators.minimum_clusters.v3 MinimumClustersValidator
envoy.extensions.content_parsers.json.v3 JsonContentParser JsonContentParser.RuleConfig
envoy.extensions.dynamic_modules.v3 DynamicModuleConfig
envoy.extensions.early_data.v3 DefaultEarlyDataPolicy
envoy.extensions.filters.common.dependency.v3 Dependency FilterDependencies MatchingRequirements MatchingRequirements.DataInputAllowList
envoy.extensions.filters.common.fault.v3 FaultDelay FaultDelay.HeaderDelay FaultRateLimit FaultRateLimit.FixedLimit FaultRateLimit.HeaderLimit
envoy.extensions.filters.common.matcher.action.v3 SkipFilter
envoy.extensions.filters.common.set_filter_state.v3 FilterStateValue
envoy.extensions.filters.http.a2a.v3 A2a MethodParsingConfig ParserConfig
envoy.extensions.filters.http.adaptive_concurrency.v3 AdaptiveConcurrency GradientControllerConfig
  GradientControllerConfig.ConcurrencyLimitCalculationParams GradientControllerConfig.MinimumRTTCalculationParams
envoy.extensions.filters.http.admission_control.v3 AdmissionControl AdmissionControl.SuccessCriteria AdmissionControl.SuccessCriteria.GrpcCriteria
  AdmissionControl.SuccessCriteria.HttpCriteria
envoy.extensions.filters.http.alternate_protocols_cache.v3 FilterConfig
envoy.extensions.filters.http.api_key_auth.v3 ApiKeyAuth ApiKeyAuthPerRoute Credential Forwarding KeySource
envoy.extensions.filters.http.aws_lambda.v3 Config Credentials PerRouteConfig
envoy.extensions.filters.http.aws_request_signing.v3 AwsRequestSigning AwsRequestSigning.QueryString AwsRequestSigningPerRoute
envoy.extensions.filters.http.bandwidth_limit.v3 BandwidthLimit
envoy.extensions.filters.http.basic_auth.v3 BasicAuth BasicAuthPerRoute
envoy.extensions.filters.http.buffer.v3 Buffer BufferPerRoute
envoy.extensions.filters.http.cache.v3 CacheConfig CacheConfig.KeyCreatorParams
envoy.extensions.filters.http.cache_v2.v3 CacheV2Config CacheV2Config.KeyCreatorParams
envoy.extensions.filters.http.cdn_loop.v3 CdnLoopConfig
envoy.extensions.filters.http.checksum.v3alpha ChecksumConfig ChecksumConfig.Checksum
envoy.extensions.filters.http.composite.v3 Composite CompositePerRoute DynamicConfig ExecuteFilterAction FilterChainConfiguration
envoy.extensions.filters.http.compressor.v3 Compressor Compressor.CommonDirectionConfig Compressor.RequestDirectionConfig
  Compressor.ResponseDirectionConfig CompressorOverrides CompressorPerRoute ResponseDirectionOverrides
envoy.extensions.filters.http.cors.v3 Cors CorsPolicy
envoy.extensions.filters.http.credential_injector.v3 CredentialInjector
envoy.extensions.filters.http.csrf.v3 CsrfPolicy
envoy.extensions.filters.http.custom_response.v3 CustomResponse
envoy.extensions.filters.http.decompressor.v3 Decompressor Decompressor.CommonDirectionConfig Decompressor.RequestDirectionConfig
  Decompressor.ResponseDirectionConfig
envoy.extensions.filters.http.dynamic_forward_proxy.v3 FilterConfig PerRouteConfig SubClusterConfig
envoy.extensions.filters.http.dynamic_modules.v3 DynamicModuleFilter DynamicModuleFilterPerRoute
envoy.extensions.filters.http.dynamo.v3 Dynamo
envoy.extensions.filters.http.ext_authz.v3 AuthorizationRequest AuthorizationResponse BufferSettings CheckSettings ExtAuthz ExtAuthzPerRoute
  HttpService
envoy.extensions.filters.http.ext_proc.v3 ExtProcHttpService ExtProcOverrides ExtProcPerRoute ExternalProcessor HeaderForwardingRules
  MetadataOptions MetadataOptions.MetadataNamespaces ProcessingMode
envoy.extensions.filters.http.fault.v3 FaultAbort FaultAbort.HeaderAbort HTTPFault
envoy.extensions.filters.http.file_server.v3 FileServerConfig FileServerConfig.DirectoryBehavior FileServerConfig.DirectoryBehavior.List
  FileServerConfig.PathMapping
envoy.extensions.filters.http.file_system_buffer.v3 BufferBehavior BufferBehavior.Bypass BufferBehavior.FullyBuffer
  BufferBehavior.FullyBufferAndAlwaysInjectContentLength BufferBehavior.InjectContentLengthIfNecessary BufferBehavior.StreamWhenPossible
  FileSystemBufferFilterConfig StreamConfig
envoy.extensions.filters.http.gcp_authn.v3 Audience GcpAuthnFilterConfig TokenCacheConfig TokenHeader
envoy.extensions.filters.http.geoip.v3 Geoip Geoip.CustomHeaderConfig Geoip.XffConfig
envoy.extensions.filters.http.golang.v3alpha Config ConfigsPerRoute RouterPlugin
envoy.extensions.filters.http.grpc_field_extraction.v3 FieldExtractions GrpcFieldExtractionConfig RequestFieldValueDisposition
envoy.extensions.filters.http.grpc_http1_bridge.v3 Config
envoy.extensions.filters.http.grpc_http1_reverse_bridge.v3 FilterConfig FilterConfigPerRoute
envoy.extensions.filters.http.grpc_json_reverse_transcoder.v3 GrpcJsonReverseTranscoder GrpcJsonReverseTranscoder.PrintOptions
envoy.extensions.filters.http.grpc_json_transcoder.v3 GrpcJsonTranscoder GrpcJsonTranscoder.PrintOptions GrpcJsonTranscoder.RequestValidationOptions
  UnknownQueryParams UnknownQueryParams.Values
envoy.extensions.filters.http.grpc_stats.v3 FilterConfig FilterObject
envoy.extensions.filters.http.grpc_web.v3 GrpcWeb
envoy.extensions.filters.http.gzip.v3 Gzip Gzip.CompressionLevel
envoy.extensions.filters.http.header_mutation.v3 HeaderMutation HeaderMutationPerRoute Mutations
envoy.extensions.filters.http.header_to_metadata.v3 Config Config.KeyValuePair Config.Rule
envoy.extensions.filters.http.health_check.v3 HealthCheck
envoy.extensions.filters.http.ip_tagging.v3 IPTagging IPTagging.IPTag IPTagging.IpTagHeader
envoy.extensions.filters.http.json_to_metadata.v3 JsonToMetadata JsonToMetadata.KeyValuePair JsonToMetadata.MatchRules JsonToMetadata.Rule
  JsonToMetadata.Selector
envoy.extensions.filters.http.jwt_authn.v3 ExtractOnlyWithoutValidation FilterStateRule JwksAsyncFetch JwtAuthentication JwtCacheConfig
  JwtClaimToHeader JwtHeader JwtProvider JwtProvider.NormalizePayload JwtRequirement JwtRequirementAndList JwtRequirementOrList PerRouteConfig
  ProviderWithAudiences RemoteJwks RequirementRule
envoy.extensions.filters.http.kill_request.v3 KillRequest
envoy.extensions.filters.http.language.v3alpha Language
envoy.extensions.filters.http.local_ratelimit.v3 LocalRateLimit
envoy.extensions.filters.http.lua.v3 Lua LuaPerRoute
envoy.extensions.filters.http.mcp.v3 Mcp Mcp.BaggagePropagationConfig Mcp.TraceContextPropagationConfig McpOverride ParserConfig
  ParserConfig.AttributeExtractionRule ParserConfig.MethodConfig
envoy.extensions.filters.http.mcp_json_rest_bridge.v3 HttpRule McpJsonRestBridge ServerInfo ServerToolConfig ToolConfig
envoy.extensions.filters.http.mcp_router.v3 DynamicMetadataSource HeaderSource IdentityExtractor McpRouter McpRouter.McpBackend McpRouter.McpCluster
  SessionIdentity ValidationPolicy
envoy.extensions.filters.http.oauth2.v3 CookieConfig CookieConfigs OAuth2 OAuth2Config OAuth2Credentials OAuth2Credentials.CookieNames
  OAuth2PerRoute
envoy.extensions.filters.http.on_demand.v3 OnDemand OnDemandCds PerRouteConfig
envoy.extensions.filters.http.original_src.v3 OriginalSrc
envoy.extensions.filters.http.peak_ewma.v3alpha PeakEwmaConfig
envoy.extensions.filters.http.proto_api_scrubber.v3 DescriptorSet MessageRestrictions MethodRestrictions ProtoApiScrubberConfig RemoveFieldAction
  RestrictionConfig Restrictions
envoy.extensions.filters.http.proto_message_extraction.v3 MethodExtraction ProtoMessageExtractionConfig
envoy.extensions.filters.http.rate_limit_quota.v3 RateLimitQuotaBucketSettings RateLimitQuotaBucketSettings.BucketIdBuilder
  RateLimitQuotaBucketSettings.BucketIdBuilder.ValueBuilder RateLimitQuotaBucketSettings.DenyResponseSettings
  RateLimitQuotaBucketSettings.ExpiredAssignmentBehavior RateLimitQuotaBucketSettings.ExpiredAssignmentBehavior.ReuseLastAssignment
  RateLimitQuotaBucketSettings.NoAssignmentBehavior RateLimitQuotaFilterConfig RateLimitQuotaOverride
envoy.extensions.filters.http.ratelimit.v3 RateLimit RateLimitPerRoute
envoy.extensions.filters.http.rbac.v3 RBAC RBACPerRoute
envoy.extensions.filters.http.router.v3 Router Router.UpstreamAccessLogOptions
envoy.extensions.filters.http.set_filter_state.v3 Config
envoy.extensions.filters.http.set_metadata.v3 Config Metadata
envoy.extensions.filters.http.sse_to_metadata.v3 SseToMetadata SseToMetadata.ProcessingRules
envoy.extensions.filters.http.stateful_session.v3 StatefulSession StatefulSessionPerRoute
envoy.extensions.filters.http.sxg.v3alpha SXG
envoy.extensions.filters.http.tap.v3 Tap
envoy.extensions.filters.http.thrift_to_metadata.v3 FieldSelector KeyValuePair Rule ThriftToMetadata ThriftToMetadataPerRoute
envoy.extensions.filters.http.transform.v3 BodyTransformation TransformConfig Transformation
envoy.extensions.filters.http.upstream_codec.v3 UpstreamCodec
envoy.extensions.filters.http.wasm.v3 Wasm
envoy.extensions.filters.listener.dynamic_modules.v3 DynamicModuleListenerFilter
envoy.extensions.filters.listener.http_inspector.v3 HttpInspector
envoy.extensions.filters.listener.local_ratelimit.v3 LocalRateLimit
envoy.extensions.filters.listener.original_dst.v3 OriginalDst
envoy.extensions.filters.listener.original_src.v3 OriginalSrc
envoy.extensions.filters.listener.postgres_inspector.v3alpha PostgresInspector StartupMetadata
envoy.extensions.filters.listener.proxy_protocol.v3 ProxyProtocol ProxyProtocol.KeyValuePair ProxyProtocol.Rule
envoy.extensions.filters.listener.set_filter_state.v3 Config
envoy.extensions.filters.listener.tls_inspector.v3 TlsInspector
envoy.extensions.filters.network.client_ssl_auth.v3 ClientSSLAuth
envoy.extensions.filters.network.connection_limit.v3 ConnectionLimit
envoy.extensions.filters.network.direct_response.v3 Config
envoy.extensions.filters.network.dubbo_proxy.router.v3 Router
envoy.extensions.filters.network.dubbo_proxy.v3 Drds DubboFilter DubboProxy MethodMatch MethodMatch.ParameterMatchSpecifier
  MultipleRouteConfiguration Route RouteAction RouteConfiguration RouteMatch
envoy.extensions.filters.network.dynamic_modules.v3 DynamicModuleNetworkFilter
envoy.extensions.filters.network.echo.v3 Echo
envoy.extensions.filters.network.ext_authz.v3 ExtAuthz
envoy.extensions.filters.network.ext_proc.v3 MetadataOptions MetadataOptions.MetadataNamespaces NetworkExternalProcessor ProcessingMode
envoy.extensions.filters.network.generic_proxy.action.v3 RouteAction
envoy.extensions.filters.network.generic_proxy.codecs.dubbo.v3 DubboCodecConfig
envoy.extensions.filters.network.generic_proxy.codecs.http1.v3 Http1CodecConfig
envoy.extensions.filters.network.generic_proxy.codecs.kafka.v3 KafkaCodecConfig
envoy.extensions.filters.network.generic_proxy.matcher.v3 HostMatchInput KeyValueMatchEntry MethodMatchInput PathMatchInput PropertyMatchInput
  RequestMatchInput RequestMatcher ServiceMatchInput
envoy.extensions.filters.network.generic_proxy.router.v3 Router
envoy.extensions.filters.network.generic_proxy.v3 GenericProxy GenericRds RouteConfiguration VirtualHost
envoy.extensions.filters.network.geoip.v3 Geoip
envoy.extensions.filters.network.golang.v3alpha Config
envoy.extensions.filters.network.http_connection_manager.v3 EnvoyMobileHttpConnectionManager ForwardProtoConfig HttpConnectionManager
  HttpConnectionManager.ForwardClientCertConfig HttpConnectionManager.HcmAccessLogOptions HttpConnectionManager.InternalAddressConfig
  HttpConnectionManager.PathNormalizationOptions HttpConnectionManager.ProxyStatusConfig HttpConnectionManager.SetCurrentClientCertDetails
  HttpConnectionManager.Tracing HttpConnectionManager.UpgradeConfig HttpFilter LocalReplyConfig Rds RequestIDExtension ResponseMapper ScopedRds
  ScopedRouteConfigurationsList ScopedRoutes ScopedRoutes.ScopeKeyBuilder ScopedRoutes.ScopeKeyBuilder.FragmentBuilder
  ScopedRoutes.ScopeKeyBuilder.FragmentBuilder.HeaderValueExtractor ScopedRoutes.ScopeKeyBuilder.FragmentBuilder.HeaderValueExtractor.KvElement
envoy.extensions.filters.network.kafka_broker.v3 IdBasedBrokerRewriteRule IdBasedBrokerRewriteSpec KafkaBroker
envoy.extensions.filters.network.kafka_mesh.v3alpha ForwardingRule KafkaClusterDefinition KafkaMesh
envoy.extensions.filters.network.local_ratelimit.v3 LocalRateLimit
envoy.extensions.filters.network.mongo_proxy.v3 MongoProxy
envoy.extensions.filters.network.mysql_proxy.v3 MySQLProxy
envoy.extensions.filters.network.peer_metadata.v3 Config UpstreamConfig
envoy.extensions.filters.network.postgres_proxy.v3alpha PostgresProxy
envoy.extensions.filters.network.ratelimit.v3 RateLimit
envoy.extensions.filters.network.rbac.v3 RBAC
envoy.extensions.filters.network.redis_proxy.v3 AwsIam RedisExternalAuthProvider RedisProtocolOptions RedisProtocolOptions.Credential RedisProxy
  RedisProxy.ConnPoolSettings RedisProxy.ConnectionRateLimit RedisProxy.PrefixRoutes RedisProxy.PrefixRoutes.Route
  RedisProxy.PrefixRoutes.Route.ReadCommandPolicy RedisProxy.PrefixRoutes.Route.RequestMirrorPolicy RedisProxy.RedisFault
envoy.extensions.filters.network.reverse_tunnel.v3 DrainAwareHttpConnectionManager ReverseTunnel Validation
envoy.extensions.filters.network.rocketmq_proxy.v3 RocketmqProxy Route RouteAction RouteConfiguration RouteMatch
envoy.extensions.filters.network.set_filter_state.v3 Config
envoy.extensions.filters.network.sip_proxy.router.v3alpha Router
envoy.extensions.filters.network.sip_proxy.tra.v3alpha CreateRequest CreateResponse DeleteRequest DeleteResponse RetrieveRequest RetrieveResponse
  SubscribeRequest SubscribeResponse TraServiceConfig TraServiceRequest TraServiceResponse UpdateRequest UpdateResponse
envoy.extensions.filters.network.sip_proxy.v3alpha Cache CustomizedAffinity CustomizedAffinityEntry LocalService Route RouteAction
  RouteConfiguration RouteMatch SipFilter SipProtocolOptions SipProxy SipProxy.SipSettings
envoy.extensions.filters.network.sni_cluster.v3 SniCluster
envoy.extensions.filters.network.sni_dynamic_forward_proxy.v3 FilterConfig
envoy.extensions.filters.network.tcp_proxy.v3 TcpProxy TcpProxy.OnDemand TcpProxy.TcpAccessLogOptions TcpProxy.TunnelingConfig
  TcpProxy.WeightedCluster TcpProxy.WeightedCluster.ClusterWeight
envoy.extensions.filters.network.thrift_proxy.filters.header_to_metadata.v3 HeaderToMetadata HeaderToMetadata.KeyValuePair HeaderToMetadata.Rule
envoy.extensions.filters.network.thrift_proxy.filters.payload_to_metadata.v3 PayloadToMetadata PayloadToMetadata.FieldSelector
  PayloadToMetadata.KeyValuePair PayloadToMetadata.Rule
envoy.extensions.filters.network.thrift_proxy.filters.ratelimit.v3 RateLimit
envoy.extensions.filters.network.thrift_proxy.router.v3 Router
envoy.extensions.filters.network.thrift_proxy.v3 Route RouteAction RouteAction.RequestMirrorPolicy RouteConfiguration RouteMatch ThriftFilter
  ThriftProtocolOptions ThriftProxy Trds WeightedCluster WeightedCluster.ClusterWeight
envoy.extensions.filters.network.wasm.v3 Wasm
envoy.extensions.filters.network.zookeeper_proxy.v3 LatencyThresholdOverride ZooKeeperProxy
envoy.extensions.filters.udp.dns_filter.v3 DnsFilterConfig DnsFilterConfig.ClientContextConfig DnsFilterConfig.ServerContextConfig
envoy.extensions.filters.udp.dynamic_modules.v3 DynamicModuleUdpListenerFilter
envoy.extensions.filters.udp.udp_proxy.session.dynamic_forward_proxy.v3 FilterConfig FilterConfig.BufferOptions
envoy.extensions.filters.udp.udp_proxy.session.http_capsule.v3 FilterConfig
envoy.extensions.filters.udp.udp_proxy.v3 Route UdpProxyConfig UdpProxyConfig.HashPolicy UdpProxyConfig.SessionFilter
  UdpProxyConfig.UdpAccessLogOptions UdpProxyConfig.UdpTunnelingConfig UdpProxyConfig.UdpTunnelingConfig.BufferOptions
  UdpProxyConfig.UdpTunnelingConfig.RetryOptions
envoy.extensions.formatter.cel.v3 Cel
envoy.extensions.formatter.file_content.v3 FileContent
envoy.extensions.formatter.generic_secret.v3 GenericSecret
envoy.extensions.formatter.metadata.v3 Metadata
envoy.extensions.formatter.req_without_query.v3 ReqWithoutQuery
envoy.extensions.geoip_providers.common.v3 CommonGeoipProviderConfig CommonGeoipProviderConfig.GeolocationFieldKeys
  CommonGeoipProviderConfig.GeolocationHeadersToAdd
envoy.extensions.geoip_providers.maxmind.v3 MaxMindConfig
envoy.extensions.grpc_service.call_credentials.access_token.v3 AccessTokenCredentials
envoy.extensions.grpc_service.call_credentials.file_based_metadata.v3 FileBasedMetadataCallCredentials
envoy.extensions.grpc_service.call_credentials.google_compute_engine.v3 GoogleComputeEngineCredentials
envoy.extensions.grpc_service.call_credentials.google_iam.v3 GoogleIamCredentials
envoy.extensions.grpc_service.call_credentials.google_refresh_token.v3 GoogleRefreshTokenCredentials
envoy.extensions.grpc_service.call_credentials.service_account_jwt_access.v3 ServiceAccountJwtAccessCredentials
envoy.extensions.grpc_service.call_credentials.sts_service.v3 StsServiceCredentials
envoy.extensions.grpc_service.channel_credentials.google_default.v3 GoogleDefaultCredentials
envoy.extensions.grpc_service.channel_credentials.insecure.v3 InsecureCredentials
envoy.extensions.grpc_service.channel_credentials.local.v3 LocalCredentials
envoy.extensions.grpc_service.channel_credentials.tls.v3 TlsCredentials
envoy.extensions.grpc_service.channel_credentials.xds.v3 XdsCredentials
envoy.extensions.health_check.event_sinks.file.v3 HealthCheckEventFileSink
envoy.extensions.health_checkers.redis.v3 Redis
envoy.extensions.health_checkers.thrift.v3 Thrift
envoy.extensions.http.cache.file_system_http_cache.v3 FileSystemHttpCacheConfig
envoy.extensions.http.cache.simple_http_cache.v3 SimpleHttpCacheConfig
envoy.extensions.http.cache_v2.file_system_http_cache.v3 FileSystemHttpCacheV2Config
envoy.extensions.http.cache_v2.simple_http_cache.v3 SimpleHttpCacheV2Config
envoy.extensions.http.custom_response.local_response_policy.v3 LocalResponsePolicy
envoy.extensions.http.custom_response.redirect_policy.v3 RedirectPolicy
envoy.extensions.http.early_header_mutation.header_mutation.v3 HeaderMutation
envoy.extensions.http.ext_proc.processing_request_modifiers.mapped_attribute_builder.v3 MappedAttributeBuilder
envoy.extensions.http.ext_proc.response_processors.save_processing_response.v3 SaveProcessingResponse SaveProcessingResponse.SaveOptions
envoy.extensions.http.header_formatters.preserve_case.v3 PreserveCaseFormatterConfig
envoy.extensions.http.header_validators.envoy_default.v3 HeaderValidatorConfig HeaderValidatorConfig.Http1ProtocolOptions
  HeaderValidatorConfig.UriPathNormalizationOptions
envoy.extensions.http.injected_credentials.generic.v3 Generic
envoy.extensions.http.injected_credentials.oauth2.v3 OAuth2 OAuth2.ClientCredentials OAuth2.EndpointParameter
envoy.extensions.http.original_ip_detection.custom_header.v3 CustomHeaderConfig
envoy.extensions.http.original_ip_detection.xff.v3 XffConfig XffTrustedCidrs
envoy.extensions.http.stateful_session.cookie.v3 CookieBasedSessionState
envoy.extensions.http.stateful_session.envelope.v3 EnvelopeSessionState EnvelopeSessionState.Header
envoy.extensions.http.stateful_session.header.v3 HeaderBasedSessionState
envoy.extensions.internal_redirect.allow_listed_routes.v3 AllowListedRoutesConfig
envoy.extensions.internal_redirect.previous_routes.v3 PreviousRoutesConfig
envoy.extensions.internal_redirect.safe_cross_scheme.v3 SafeCrossSchemeConfig
envoy.extensions.key_value.file_based.v3 FileBasedKeyValueStoreConfig
envoy.extensions.load_balancing_policies.client_side_weighted_round_robin.v3 ClientSideWeightedRoundRobin
envoy.extensions.load_balancing_policies.cluster_provided.v3 ClusterProvided
envoy.extensions.load_balancing_policies.common.v3 ConsistentHashingLbConfig LocalityLbConfig LocalityLbConfig.LocalityWeightedLbConfig
  LocalityLbConfig.ZoneAwareLbConfig LocalityLbConfig.ZoneAwareLbConfig.ForceLocalZone SlowStartConfig
envoy.extensions.load_balancing_policies.dynamic_modules.v3 DynamicModulesLoadBalancerConfig
envoy.extensions.load_balancing_policies.least_request.v3 LeastRequest
envoy.extensions.load_balancing_policies.maglev.v3 Maglev
envoy.extensions.load_balancing_policies.override_host.v3 OverrideHost OverrideHost.OverrideHostSource
envoy.extensions.load_balancing_policies.peak_ewma.v3alpha PeakEwma
envoy.extensions.load_balancing_policies.pick_first.v3 PickFirst
envoy.extensions.load_balancing_policies.random.v3 Random
envoy.extensions.load_balancing_policies.random_subsetting.v3 RandomSubsetting
envoy.extensions.load_balancing_policies.ring_hash.v3 RingHash
envoy.extensions.load_balancing_policies.round_robin.v3 RoundRobin
envoy.extensions.load_balancing_policies.subset.v3 Subset Subset.LbSubsetSelector
envoy.extensions.load_balancing_policies.wrr_locality.v3 WrrLocality
envoy.extensions.local_address_selectors.filter_state_override.v3 Config
envoy.extensions.matching.actions.transform_stat.v3 TransformStat TransformStat.DropStat TransformStat.DropTag TransformStat.UpdateTag
envoy.extensions.matching.common_inputs.environment_variable.v3 Config
envoy.extensions.matching.common_inputs.network.v3 ApplicationProtocolInput DestinationIPInput DestinationPortInput DirectSourceIPInput
  DynamicMetadataInput DynamicMetadataInput.PathSegment FilterStateInput NetworkNamespaceInput ServerNameInput SourceIPInput SourcePortInput
  SourceTypeInput TransportProtocolInput
envoy.extensions.matching.common_inputs.ssl.v3 DnsSanInput SubjectInput UriSanInput
envoy.extensions.matching.common_inputs.stats.v3 StatFullNameMatchInput StatTagValueInput
envoy.extensions.matching.common_inputs.transport_socket.v3 EndpointMetadataInput EndpointMetadataInput.PathSegment FilterStateInput
  LocalityMetadataInput LocalityMetadataInput.PathSegment TransportSocketNameAction
envoy.extensions.matching.http.dynamic_modules.v3 HttpDynamicModuleMatchInput
envoy.extensions.matching.input_matchers.consistent_hashing.v3 ConsistentHashing
envoy.extensions.matching.input_matchers.dynamic_modules.v3 DynamicModuleMatcher
envoy.extensions.matching.input_matchers.hyperscan.v3alpha Hyperscan Hyperscan.Regex
envoy.extensions.matching.input_matchers.ip.v3 Ip
envoy.extensions.matching.input_matchers.metadata.v3 Metadata
envoy.extensions.matching.input_matchers.runtime_fraction.v3 RuntimeFraction
envoy.extensions.network.connection_balance.dlb.v3alpha Dlb
envoy.extensions.network.dns_resolver.apple.v3 AppleDnsResolverConfig
envoy.extensions.network.dns_resolver.cares.v3 CaresDnsResolverConfig
envoy.extensions.network.dns_resolver.getaddrinfo.v3 GetAddrInfoDnsResolverConfig
envoy.extensions.network.dns_resolver.hickory.v3 DnsOverHttpsConfig DnsOverTlsConfig HickoryDnsResolverConfig
envoy.extensions.network.socket_interface.v3 DefaultSocketInterface IoUringOptions
envoy.extensions.outlier_detection_monitors.common.v3 DatabaseErrors ErrorBuckets HttpErrors LocalOriginErrors
envoy.extensions.outlier_detection_monitors.consecutive_errors.v3 ConsecutiveErrors
envoy.extensions.path.match.uri_template.v3 UriTemplateMatchConfig
envoy.extensions.path.rewrite.uri_template.v3 UriTemplateRewriteConfig
envoy.extensions.private_key_providers.cryptomb.v3alpha CryptoMbPrivateKeyMethodConfig
envoy.extensions.private_key_providers.kae.v3alpha KaePrivateKeyMethodConfig
envoy.extensions.private_key_providers.qat.v3alpha QatPrivateKeyMethodConfig
envoy.extensions.quic.client_writer_factory.v3 DefaultClientWriter
envoy.extensions.quic.connection_debug_visitor.quic_stats.v3 Config
envoy.extensions.quic.connection_debug_visitor.v3 BasicConfig
envoy.extensions.quic.connection_id_generator.quic_lb.v3 Config
envoy.extensions.quic.connection_id_generator.v3 DeterministicConnectionIdGeneratorConfig
envoy.extensions.quic.crypto_stream.v3 CryptoServerStreamConfig
envoy.extensions.quic.proof_source.v3 ProofSourceConfig
envoy.extensions.quic.server_preferred_address.v3 DataSourceServerPreferredAddressConfig DataSourceServerPreferredAddressConfig.AddressFamilyConfig
  FixedServerPreferredAddressConfig FixedServerPreferredAddressConfig.AddressFamilyConfig
envoy.extensions.rate_limit_descriptors.expr.v3 Descriptor
envoy.extensions.rbac.audit_loggers.stream.v3 StdoutAuditLog
envoy.extensions.rbac.matchers.upstream_ip_port.v3 UpstreamIpPortMatcher
envoy.extensions.rbac.principals.mtls_authenticated.v3 Config
envoy.extensions.regex_engines.hyperscan.v3alpha Hyperscan
envoy.extensions.regex_engines.v3 GoogleRE2
envoy.extensions.request_id.uuid.v3 UuidRequestIdConfig
envoy.extensions.resource_monitors.cgroup_memory.v3 CgroupMemoryConfig
envoy.extensions.resource_monitors.cpu_utilization.v3 CpuUtilizationConfig
envoy.extensions.resource_monitors.downstream_connections.v3 DownstreamConnectionsConfig
envoy.extensions.resource_monitors.fixed_heap.v3 FixedHeapConfig
envoy.extensions.resource_monitors.injected_resource.v3 InjectedResourceConfig
envoy.extensions.retry.host.omit_canary_hosts.v3 OmitCanaryHostsPredicate
envoy.extensions.retry.host.omit_host_metadata.v3 OmitHostMetadataConfig
envoy.extensions.retry.host.previous_hosts.v3 PreviousHostsPredicate
envoy.extensions.retry.priority.previous_priorities.v3 PreviousPrioritiesConfig
envoy.extensions.router.cluster_specifier.golang.v3alpha Config
envoy.extensions.router.cluster_specifiers.lua.v3 LuaConfig
envoy.extensions.router.cluster_specifiers.matcher.v3 ClusterAction MatcherClusterSpecifier
envoy.extensions.stat_sinks.graphite_statsd.v3 GraphiteStatsdSink
envoy.extensions.stat_sinks.kafka.v3 KafkaStatsSinkConfig
envoy.extensions.stat_sinks.open_telemetry.v3 SinkConfig SinkConfig.ConversionAction SinkConfig.DropAction
envoy.extensions.stat_sinks.wasm.v3 Wasm
envoy.extensions.string_matcher.lua.v3 Lua
envoy.extensions.tap_sinks.udp_sink.v3alpha UdpSink
envoy.extensions.tracers.dynamic_modules.v3 DynamicModuleTracer
envoy.extensions.tracers.fluentd.v3 FluentdConfig
envoy.extensions.tracers.opentelemetry.resource_detectors.v3 DynatraceResourceDetectorConfig EnvironmentResourceDetectorConfig
  StaticConfigResourceDetectorConfig
envoy.extensions.tracers.opentelemetry.samplers.v3 AlwaysOnSamplerConfig CELSamplerConfig DynatraceSamplerConfig ParentBasedSamplerConfig
  TraceIdRatioBasedSamplerConfig
envoy.extensions.transport_sockets.alts.v3 Alts
envoy.extensions.transport_sockets.http_11_proxy.v3 Http11ProxyUpstreamTransport
envoy.extensions.transport_sockets.internal_upstream.v3 InternalUpstreamTransport InternalUpstreamTransport.MetadataValueSource
envoy.extensions.transport_sockets.proxy_protocol.v3 ProxyProtocolUpstreamTransport
envoy.extensions.transport_sockets.quic.v3 QuicDownstreamTransport QuicUpstreamTransport
envoy.extensions.transport_sockets.raw_buffer.v3 RawBuffer
envoy.extensions.transport_sockets.s2a.v3 S2AConfiguration
envoy.extensions.transport_sockets.starttls.v3 StartTlsConfig UpstreamStartTlsConfig
envoy.extensions.transport_sockets.tap.v3 SocketTapConfig Tap
envoy.extensions.transport_sockets.tcp_stats.v3 Config
envoy.extensions.transport_sockets.tls.cert_mappers.filter_state_override.v3 Config
envoy.extensions.transport_sockets.tls.cert_mappers.sni.v3 SNI
envoy.extensions.transport_sockets.tls.cert_mappers.static_name.v3 StaticName
envoy.extensions.transport_sockets.tls.cert_selectors.on_demand_secret.v3 Config
envoy.extensions.transport_sockets.tls.cert_validator.dynamic_modules.v3 DynamicModuleCertValidatorConfig
envoy.extensions.transport_sockets.tls.v3 CertificateProviderPluginInstance CertificateValidationContext
  CertificateValidationContext.SystemRootCerts CommonTlsContext CommonTlsContext.CertificateProvider CommonTlsContext.CertificateProviderInstance
  CommonTlsContext.CombinedCertificateValidationContext DownstreamTlsContext GenericSecret PrivateKeyProvider SPIFFECertValidatorConfig
  SPIFFECertValidatorConfig.TrustDomain SdsSecretConfig Secret SubjectAltNameMatcher TlsCertificate TlsKeyLog TlsParameters TlsSessionTicketKeys
  UpstreamTlsContext
envoy.extensions.udp_packet_writer.v3 UdpDefaultWriterFactory UdpGsoBatchWriterFactory
envoy.extensions.upstreams.http.dynamic_modules.v3 Config
envoy.extensions.upstreams.http.generic.v3 GenericConnectionPoolProto
envoy.extensions.upstreams.http.http.v3 HttpConnectionPoolProto
envoy.extensions.upstreams.http.tcp.golang.v3alpha Config
envoy.extensions.upstreams.http.tcp.v3 TcpConnectionPoolProto
envoy.extensions.upstreams.http.udp.v3 UdpConnectionPoolProto
envoy.extensions.upstreams.http.v3 HttpProtocolOptions HttpProtocolOptions.AutoHttpConfig HttpProtocolOptions.ExplicitHttpConfig
  HttpProtocolOptions.OutlierDetection HttpProtocolOptions.UseDownstreamHttpConfig
envoy.extensions.upstreams.tcp.generic.v3 GenericConnectionPoolProto
envoy.extensions.upstreams.tcp.v3 TcpProtocolOptions
envoy.extensions.vcl.v3alpha VclSocketInterface
envoy.extensions.wasm.v3 CapabilityRestrictionConfig EnvironmentVariables PluginConfig ReloadConfig SanitizationConfig VmConfig WasmService
envoy.extensions.watchdog.profile_action.v3 ProfileActionConfig
envoy.service.accesslog.v3 StreamAccessLogsMessage StreamAccessLogsMessage.HTTPAccessLogEntries StreamAccessLogsMessage.Identifier
  StreamAccessLogsMessage.TCPAccessLogEntries StreamAccessLogsResponse
envoy.service.auth.v3 AttributeContext AttributeContext.HttpRequest AttributeContext.Peer AttributeContext.Request AttributeContext.TLSSession
  CheckRequest CheckResponse DeniedHttpResponse OkHttpResponse
envoy.service.cluster.v3 CdsDummy
envoy.service.discovery.v3 AdsDummy DeltaDiscoveryRequest DeltaDiscoveryResponse DiscoveryRequest DiscoveryResponse DynamicParameterConstraints
  DynamicParameterConstraints.ConstraintList DynamicParameterConstraints.SingleConstraint DynamicParameterConstraints.SingleConstraint.Exists
  Resource Resource.CacheControl ResourceError ResourceLocator ResourceName
envoy.service.endpoint.v3 EdsDummy LedsDummy
envoy.service.event_reporting.v3 StreamEventsRequest StreamEventsRequest.Identifier StreamEventsResponse
envoy.service.ext_proc.v3 BodyMutation BodyResponse CommonResponse GrpcStatus HeaderMutation HeadersResponse HttpBody HttpHeaders HttpTrailers
  ImmediateResponse ProcessingRequest ProcessingResponse ProtocolConfiguration StreamedBodyResponse StreamedImmediateResponse TrailersResponse
envoy.service.extension.v3 EcdsDummy
envoy.service.health.v3 Capability ClusterEndpointsHealth ClusterHealthCheck EndpointHealth EndpointHealthResponse HdsDummy HealthCheckRequest
  HealthCheckRequestOrEndpointHealthResponse HealthCheckSpecifier LocalityEndpoints LocalityEndpointsHealth
envoy.service.listener.v3 LdsDummy
envoy.service.load_stats.v3 LoadStatsRequest LoadStatsResponse
envoy.service.metrics.v3 StreamMetricsMessage StreamMetricsMessage.Identifier StreamMetricsResponse
envoy.service.network_ext_proc.v3 Data ProcessingRequest ProcessingResponse
envoy.service.rate_limit_quota.v3 BucketId RateLimitQuotaResponse RateLimitQuotaResponse.BucketAction
  RateLimitQuotaResponse.BucketAction.AbandonAction RateLimitQuotaResponse.BucketAction.QuotaAssignmentAction RateLimitQuotaUsageReports
  RateLimitQuotaUsageReports.BucketQuotaUsage
envoy.service.ratelimit.v3 RateLimitRequest RateLimitResponse RateLimitResponse.DescriptorStatus RateLimitResponse.Quota RateLimitResponse.RateLimit
envoy.service.redis_auth.v3 RedisProxyExternalAuthRequest RedisProxyExternalAuthResponse
envoy.service.route.v3 RdsDummy SrdsDummy
envoy.service.runtime.v3 RtdsDummy Runtime
envoy.service.secret.v3 SdsDummy
envoy.service.status.v3 ClientConfig ClientConfig.GenericXdsConfig ClientStatusRequest ClientStatusResponse PerXdsConfig
envoy.service.tap.v3 StreamTapsRequest StreamTapsRequest.Identifier StreamTapsResponse
envoy.tcp.metadataexchange.config MetadataExchange
envoy.type.http.v3 Cookie CookieAttribute PathTransformation PathTransformation.Operation PathTransformation.Operation.MergeSlashes
  PathTransformation.Operation.NormalizePathRFC3986
envoy.type.matcher.v3 AddressMatcher DoubleMatcher FilterStateMatcher HttpRequestHeaderMatchInput HttpRequestQueryParamMatchInput
  HttpRequestTrailerMatchInput HttpResponseHeaderMatchInput HttpResponseLocalReplyMatchInput HttpResponseStatusCodeClassMatchInput
  HttpResponseStatusCodeMatchInput HttpResponseTrailerMatchInput ListMatcher ListStringMatcher MetadataMatcher MetadataMatcher.PathSegment
  NodeMatcher OrMatcher PathMatcher RegexMatchAndSubstitute RegexMatcher RegexMatcher.GoogleRE2 StringMatcher StructMatcher
  StructMatcher.PathSegment ValueMatcher ValueMatcher.NullMatch
envoy.type.metadata.v3 MetadataKey MetadataKey.PathSegment MetadataKind MetadataKind.Cluster MetadataKind.Host MetadataKind.Request
  MetadataKind.Route
envoy.type.tracing.v3 CustomTag CustomTag.Environment CustomTag.Header CustomTag.Literal CustomTag.Metadata
envoy.type.v3 DoubleRange FractionalPercent HashPolicy HashPolicy.FilterState HashPolicy.SourceIp HttpStatus Int32Range Int64Range Percent
  RateLimitStrategy RateLimitStrategy.RequestsPerTimeUnit SemanticVersion TokenBucket
envoy.watchdog.v3 AbortActionConfig
`;
