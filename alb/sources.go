package alb

import (
	"fmt"
	"net/netip"
	"strconv"

	awsec2 "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsvpc "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newTestListenerSources admits ips (addresses, such as the VPC's NAT
// addresses) to the test listener: one managed prefix list of /32 entries
// and one security group rule that references it. The addresses are
// outputs whose number is not known while the program runs, so they cannot
// be one rule each; a prefix list's entries change in place.
func newTestListenerSources(ctx *pulumi.Context, name string, sg *awsec2.SecurityGroup, test listenerPort,
	ips pulumi.StringArrayInput, tags func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) error {
	pn := name + "-test-sources"
	entries := ips.ToStringArrayOutput().ApplyT(func(ips []string) ([]awsec2.ManagedPrefixListEntryType, error) {
		return testSourceEntries(name, ips)
	}).(awsec2.ManagedPrefixListEntryTypeArrayOutput)
	pl, err := awsec2.NewManagedPrefixList(ctx, pn, &awsec2.ManagedPrefixListArgs{
		AddressFamily: pulumi.String("IPv4"),
		// A reference to the list counts as MaxEntries rules of the group.
		MaxEntries: pulumi.Int(MaxTestListenerSourceIPs),
		Entries:    entries,
		Tags:       tags(pn),
	}, parent)
	if err != nil {
		return err
	}
	rn := name + "-in-" + strconv.Itoa(test.Port) + "-sources"
	_, err = awsvpc.NewSecurityGroupIngressRule(ctx, rn, &awsvpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(test.Port),
		ToPort:          pulumi.Int(test.Port),
		PrefixListId:    pl.ID(),
		Description:     pulumi.String(test.Role + " from the addresses in-VPC clients leave from (NAT)"),
		Tags:            tags(rn),
	}, parent)
	return err
}

// testSourceEntries turns addresses into prefix-list entries, refusing
// anything but IPv4 addresses and more than MaxTestListenerSourceIPs.
func testSourceEntries(name string, ips []string) ([]awsec2.ManagedPrefixListEntryType, error) {
	if len(ips) > MaxTestListenerSourceIPs {
		return nil, fmt.Errorf("alb: %s: TestListenerSourceIPs has %d addresses: use at most %d", name, len(ips), MaxTestListenerSourceIPs)
	}
	out := make([]awsec2.ManagedPrefixListEntryType, 0, len(ips))
	for i, s := range ips {
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			return nil, fmt.Errorf("alb: %s: TestListenerSourceIPs[%d] %q is not an IPv4 address", name, i, s)
		}
		out = append(out, awsec2.ManagedPrefixListEntryType{
			Cidr:        netip.PrefixFrom(a, 32).String(),
			Description: pulumi.StringRef("in-VPC clients' source address " + strconv.Itoa(i)),
		})
	}
	return out, nil
}
